package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.backend.HalfConversions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float16 and bfloat16 as dtypes: creation, casts to and from every dtype, bits in and out, views, printing,
 * promotion, and the float32 accumulation PyTorch's CPU kernels use. The conversions themselves are checked bit for
 * bit against PyTorch in {@code HalfConversionsTest}; the ops in every conformance test.
 */
class HalfPrecisionTest {
    private static final List<DType> HALVES = List.of(DType.FLOAT16, DType.BFLOAT16);

    private static float round(DType half, float x) {
        return half == DType.FLOAT16 ? HalfConversions.roundToFloat16(x) : HalfConversions.roundToBfloat16(x);
    }

    @Test
    void creation() {
        for (DType h : HALVES) {
            assertEquals(h, Tensor.zeros(h, 2, 3).dtype());
            assertArrayEquals(new float[] {1, 1}, Tensor.ones(h, 2).toFloatArray());
            assertArrayEquals(new float[] {round(h, 0.1f), round(h, 0.1f)}, Tensor.full(h, 0.1, 2).toFloatArray());
            assertEquals(round(h, 3.3f), (float) Tensor.scalar(h, 3.3).item());
            Tensor r = new dev.ember.Generator(7).randn(h, 1000);
            assertEquals(h, r.dtype());
            float[] rf = r.toFloatArray();
            for (float v : rf) assertEquals(round(h, v), v, "every value is a " + h);
            assertTrue(Math.abs(r.to(DType.FLOAT32).mean().item()) < 0.1, "a normal sample");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.full(DType.FLOAT16, 1e5, 2));
        assertTrue(e.getMessage().contains("65504"), e.getMessage());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY}, Tensor.full(DType.FLOAT16, Double.POSITIVE_INFINITY, 1).toFloatArray());
    }

    /** As PyTorch's: {@code torch.rand(10**7, dtype=torch.float16)} takes all 2,048 values k / 2^11 and never 1. */
    @Test
    void uniformKeepsTheSignificandBitsAndStaysBelowOne() {
        for (DType h : HALVES) {
            int bits = h == DType.FLOAT16 ? 11 : 8;
            float[] u = new dev.ember.Generator(3).rand(h, 200_000).toFloatArray();
            java.util.Set<Float> seen = new java.util.HashSet<>();
            for (float v : u) {
                assertTrue(v >= 0 && v < 1, h + " rand gave " + v);
                assertEquals(0, v * (1 << bits) % 1, h + " rand gave " + v + ", not a multiple of 2^-" + bits);
                seen.add(v);
            }
            assertEquals(1 << bits, seen.size(), h + ": every value k / 2^" + bits + " appears");
            Tensor certain = Tensor.ones(h, 100_000);
            assertEquals(100_000, Tensor.bernoulli(certain).to(DType.FLOAT32).sum().item(), h + " bernoulli(p = 1)");
        }
    }

    @Test
    void castsToAndFromEveryDtype() {
        float[] values = {0f, 1f, -2.5f, 0.1f, 300.7f, -65504f, 1e-6f};
        for (DType h : HALVES) {
            Tensor half = Tensor.of(values).to(h);
            float[] rounded = new float[values.length];
            for (int i = 0; i < values.length; i++) rounded[i] = round(h, values[i]);
            assertArrayEquals(rounded, half.toFloatArray(), "float32 -> " + h + " rounds to nearest even");
            double[] asDoubles = new double[values.length];
            for (int i = 0; i < values.length; i++) asDoubles[i] = rounded[i];
            assertArrayEquals(asDoubles, half.toDoubleArray());
            assertArrayEquals(asDoubles, Tensor.of(asDoubles).to(h).toDoubleArray(), "float64 -> " + h);
            long[] truncated = new long[values.length];
            for (int i = 0; i < values.length; i++) truncated[i] = (long) rounded[i];
            assertArrayEquals(truncated, half.toLongArray(), h + " -> int64 truncates");
            int[] ints = new int[values.length];
            for (int i = 0; i < values.length; i++) ints[i] = (int) rounded[i];
            assertArrayEquals(ints, half.toIntArray());
            assertArrayEquals(new boolean[] {false, true, true, true, true, true, true}, half.toBooleanArray());
            assertArrayEquals(new float[] {0, 1, 1}, Tensor.of(new boolean[] {false, true, true}).to(h).toFloatArray());
            assertArrayEquals(new float[] {round(h, 2049f), -7f}, Tensor.of(new long[] {2049, -7}).to(h).toFloatArray(),
                    "int64 -> " + h + " through float32");
            assertArrayEquals(new float[] {round(h, 2049f)}, Tensor.of(new int[] {2049}).to(h).toFloatArray());
        }
        Tensor f16 = Tensor.of(new float[] {1f / 3, 1e-7f, 70000f}).to(DType.FLOAT16);
        float[] viaFloat = new float[3];
        float[] f = f16.toFloatArray();
        for (int i = 0; i < 3; i++) viaFloat[i] = HalfConversions.roundToBfloat16(f[i]);
        assertArrayEquals(viaFloat, f16.to(DType.BFLOAT16).toFloatArray(), "float16 -> bfloat16");
        assertArrayEquals(new float[] {HalfConversions.roundToFloat16(HalfConversions.roundToBfloat16(1f / 3)), 0f, Float.POSITIVE_INFINITY},
                Tensor.of(new float[] {1f / 3, 1e-8f, 1e9f}).to(DType.BFLOAT16).to(DType.FLOAT16).toFloatArray(),
                "bfloat16 -> float16 underflows and overflows");
    }

    @Test
    void bitsInAndOutAndViews() {
        short[] bits = {0x3C00, (short) 0xC000, 0x7C00, 0x0001, 0x7E01, (short) 0x8000};
        Tensor h = Tensor.ofBits(DType.FLOAT16, bits, 2, 3);
        assertEquals(DType.FLOAT16, h.dtype());
        assertArrayEquals(bits, h.toBits(), "bits come back as they went in, NaN payload included");
        assertArrayEquals(new short[] {0x3C00, 0x0001, (short) 0xC000, 0x7E01, 0x7C00, (short) 0x8000}, h.transpose(0, 1).toBits());
        assertArrayEquals(new short[] {(short) 0xC000, 0x7E01}, h.select(1, 1).contiguous().toBits());
        assertEquals(1f, h.toFloatArray()[0]);
        assertEquals(0x1p-24f, h.toFloatArray()[3]);
        Tensor b = Tensor.ofBits(DType.BFLOAT16, new short[] {0x3F80, (short) 0xBFC0, (short) 0xFF81});
        assertArrayEquals(new float[] {1f, -1.5f}, new float[] {b.toFloatArray()[0], b.toFloatArray()[1]});
        assertArrayEquals(new short[] {0x3F80, (short) 0xBFC0, (short) 0xFF81}, b.toBits());
        assertArrayEquals(new short[] {(short) 0xBFC0}, b.reshape(3, 1).narrow(0, 1, 1).contiguous().toBits());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1}).toBits());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofBits(DType.FLOAT32, new short[] {1}));
        assertTrue(h.toString().contains("dtype=float16"), h.toString());
        assertTrue(b.toString().contains("dtype=bfloat16"), b.toString());
        assertEquals("bfloat16", DType.BFLOAT16.toString());
    }

    @Test
    void promotionAsPyTorch() {
        Tensor f16 = Tensor.ones(DType.FLOAT16, 2), bf16 = Tensor.ones(DType.BFLOAT16, 2);
        assertEquals(DType.FLOAT32, f16.add(bf16).dtype(), "float16 + bfloat16");
        assertEquals(DType.FLOAT32, f16.add(Tensor.ones(2)).dtype());
        assertEquals(DType.FLOAT64, bf16.add(Tensor.ones(DType.FLOAT64, 2)).dtype());
        assertEquals(DType.BFLOAT16, bf16.add(Tensor.ones(DType.INT64, 2)).dtype(), "integers take the half type");
        assertEquals(DType.FLOAT16, Tensor.ones(DType.INT32, 2).mul(f16).dtype());
        assertEquals(DType.FLOAT16, f16.add(2.5).dtype(), "a Java scalar does not widen");
        assertEquals(DType.BFLOAT16, bf16.mul(3).dtype());
        assertEquals(DType.FLOAT16, f16.add(Tensor.scalar(DType.FLOAT64, 1)).dtype(), "nor a 0-dim tensor of the same category");
        assertEquals(DType.FLOAT16, Tensor.ones(DType.INT64, 2).add(Tensor.scalar(DType.FLOAT16, 1)).dtype());
        assertEquals(DType.FLOAT16, Tensor.ones(DType.INT64, 2).div(Tensor.scalar(DType.FLOAT16, 2)).dtype());
        assertEquals(DType.FLOAT16, f16.exp().dtype());
        assertEquals(DType.BOOL, f16.lt(bf16).dtype());
    }

    @Test
    void accumulationIsFloat32() {
        for (DType h : HALVES) {
            // a 16-bit accumulator stalls at 2048 (float16) or 256 (bfloat16): adding 1 no longer changes it
            assertEquals(4096.0, Tensor.ones(h, 4096).sum().item(), h + " sum");
            assertEquals(4096.0, Tensor.ones(h, 1, 4096).matmul(Tensor.ones(h, 4096, 1)).item(), h + " matmul");
            assertEquals(1.0, Tensor.ones(h, 4096).mean().item(), h + " mean");
            Tensor s = Tensor.zeros(h, 3, 1000).softmax(1);
            assertEquals(round(h, 0.001f), (float) s.toFloatArray()[0]);
            assertEquals(h, s.dtype());
        }
    }
}
