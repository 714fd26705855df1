package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.backend.HalfConversions;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked GEMM against a plain triple loop in float64, at sizes that cross every block edge (micro-tile,
 * MC, KC, NC), on row-major, transposed, strided and broadcast-batch operands, overwriting and accumulating.
 * Half operands (float16 and bfloat16 bits, widened while packed) must give the bits of the float32 GEMM on their
 * float32 copies.
 * The surefire configuration runs this class a second time with {@code -Dember.simd=false} for the scalar kernels.
 */
class GemmTest {
    private static final String SIZES = """
            1, 1, 1, 1
            1, 1, 1, 0
            5, 7, 3, 1
            6, 16, 256, 1
            7, 17, 257, 2
            13, 33, 64, 3
            145, 9, 20, 1
            150, 3100, 5, 1
            64, 40, 600, 2
            203, 150, 300, 1
            1560, 3080, 3, 1
            """;

    @ParameterizedTest(name = "float32 m={0} n={1} k={2} batches={3}")
    @CsvSource(textBlock = SIZES)
    void float32(int m, int n, int k, int batches) {
        for (int variant = 0; variant < 8; variant++) checkFloat(m, n, k, batches, variant);
    }

    @ParameterizedTest(name = "float64 m={0} n={1} k={2} batches={3}")
    @CsvSource(textBlock = SIZES)
    void float64(int m, int n, int k, int batches) {
        for (int variant = 0; variant < 8; variant++) checkDouble(m, n, k, batches, variant);
    }

    @ParameterizedTest(name = "half m={0} n={1} k={2} batches={3}")
    @CsvSource(textBlock = SIZES)
    void halfOperandsGiveTheBitsOfTheirFloat32Copies(int m, int n, int k, int batches) {
        for (int variant = 0; variant < 8; variant++) {
            checkHalf(m, n, k, batches, variant, false);
            checkHalf(m, n, k, batches, variant, true);
        }
    }

    private static void checkHalf(int m, int n, int k, int batches, int variant, boolean bfloat16) {
        Case t = Case.of(m, n, k, batches, variant);
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k + variant);
        float[] a = new float[t.aSize];
        float[] b = new float[t.bSize];
        Object aBits = bfloat16 ? new char[t.aSize] : new short[t.aSize];
        Object bBits = bfloat16 ? new char[t.bSize] : new short[t.bSize];
        for (int i = 0; i < a.length; i++) a[i] = half(r.nextDouble(-1, 1), aBits, i, bfloat16);
        for (int i = 0; i < b.length; i++) b[i] = half(r.nextDouble(-1, 1), bBits, i, bfloat16);
        float[] expected = new float[t.cSize];
        for (int i = 0; i < expected.length; i++) expected[i] = (float) r.nextDouble(-1, 1);
        float[] c = expected.clone();
        Gemm.multiply(batches, m, n, k, a, t.a, b, t.b, expected, t.c, t.accumulate);
        Gemm.multiply(batches, m, n, k, aBits, t.a, bBits, t.b, c, t.c, t.accumulate);
        assertArrayEquals(expected, c, (bfloat16 ? "bfloat16" : "float16") + " variant " + variant);
    }

    /** Stores {@code v} rounded to the half type at {@code bits[i]}; returns the rounded value as float32. */
    private static float half(double v, Object bits, int i, boolean bfloat16) {
        if (bfloat16) {
            short h = HalfConversions.floatToBfloat16((float) v);
            ((char[]) bits)[i] = (char) h;
            return HalfConversions.bfloat16ToFloat(h);
        }
        short h = HalfConversions.floatToFloat16((float) v);
        ((short[]) bits)[i] = h;
        return HalfConversions.float16ToFloat(h);
    }

    /**
     * The rows-around-one-shared-panel split gives the bits of the one-thread product (at whatever thread count this
     * JVM has; {@link ThreadCountIndependenceTest} covers 1, 2 and 3), edges and transposed operands included.
     */
    @ParameterizedTest(name = "shared panel m={0} n={1} k={2}")
    @CsvSource({"203, 150, 300", "97, 3100, 7", "49, 33, 600"})
    void sharedPanelGivesTheBitsOfOneThread(int m, int n, int k) {
        for (int variant = 0; variant < 8; variant++) {
            Case t = Case.of(m, n, k, 1, variant);
            SplittableRandom r = new SplittableRandom(variant);
            float[] a = new float[t.aSize], b = new float[t.bSize], c = new float[t.cSize];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < c.length; i++) c[i] = (float) r.nextDouble(-1, 1);
            float[] one = c.clone();
            FloatGemm.multiply(m, n, k, a, t.a.offset(), t.a.rowStride(), t.a.colStride(), b, t.b.offset(), t.b.rowStride(),
                    t.b.colStride(), one, t.c.offset(), t.c.rowStride(), t.accumulate);
            FloatGemm.multiplyShared(m, n, k, a, t.a.offset(), t.a.rowStride(), t.a.colStride(), b, t.b.offset(),
                    t.b.rowStride(), t.b.colStride(), c, t.c.offset(), t.c.rowStride(), t.accumulate);
            for (int i = 0; i < c.length; i++) {
                int at = i, v = variant;
                assertTrue(Float.floatToRawIntBits(c[i]) == Float.floatToRawIntBits(one[i]),
                        () -> "variant " + v + " at [" + at + "]: " + c[at] + " vs " + one[at]);
            }
        }
    }

    /**
     * A packed once ({@link FloatGemm#packA(int, int, float[], int, int, int, float[], int)}, as a convolution packs its
     * weights once per call) gives the bits of the product that packs it block by block: several blocks of rows and
     * of the inner size, edges and transposed operands included.
     */
    @ParameterizedTest(name = "packed A m={0} n={1} k={2}")
    @CsvSource({"203, 150, 300", "128, 245, 1024", "1024, 245, 128", "7, 3100, 9", "1, 1, 1"})
    void packedAGivesTheBitsOfPackingPerProduct(int m, int n, int k) {
        for (int variant = 0; variant < 8; variant++) {
            Case t = Case.of(m, n, k, 1, variant);
            SplittableRandom r = new SplittableRandom(variant);
            float[] a = new float[t.aSize], b = new float[t.bSize], c = new float[t.cSize];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < c.length; i++) c[i] = (float) r.nextDouble(-1, 1);
            float[] one = c.clone();
            FloatGemm.multiply(m, n, k, a, t.a.offset(), t.a.rowStride(), t.a.colStride(), b, t.b.offset(), t.b.rowStride(),
                    t.b.colStride(), one, t.c.offset(), t.c.rowStride(), t.accumulate);
            float[] packed = new float[FloatGemm.packedASize(m, k) + 2];
            FloatGemm.packA(m, k, a, t.a.offset(), t.a.rowStride(), t.a.colStride(), packed, 2);
            FloatGemm.multiplyPacked(m, n, k, packed, 2, b, t.b.offset(), t.b.rowStride(), t.b.colStride(), c, t.c.offset(),
                    t.c.rowStride(), t.accumulate);
            for (int i = 0; i < c.length; i++) {
                int at = i, v = variant;
                assertTrue(Float.floatToRawIntBits(c[i]) == Float.floatToRawIntBits(one[i]),
                        () -> "variant " + v + " at [" + at + "]: " + c[at] + " vs " + one[at]);
            }
        }
    }

    /** Bit 0: A transposed; bit 1: B transposed; bit 2: accumulate into C, A broadcast over the batch, B stepped. */
    private record Case(int m, int n, int k, int batches, MatrixLayout a, MatrixLayout b, MatrixLayout c,
                        int aSize, int bSize, int cSize, boolean accumulate) {
        static Case of(int m, int n, int k, int batches, int variant) {
            boolean odd = (variant & 4) != 0;
            int bStep = odd ? 2 : 1;
            int aOff = 3;
            MatrixLayout a = (variant & 1) != 0 ? new MatrixLayout(aOff, k * m, 1, m) : new MatrixLayout(aOff, m * k, k, 1);
            if (odd) a = new MatrixLayout(a.offset(), 0, a.rowStride(), a.colStride());
            int bOff = 5;
            MatrixLayout b = (variant & 2) != 0
                    ? new MatrixLayout(bOff, n * k * bStep, bStep, k * bStep)
                    : new MatrixLayout(bOff, k * n * bStep, n * bStep, bStep);
            int ldc = n + 3;
            MatrixLayout c = new MatrixLayout(1, m * ldc, ldc, 1);
            return new Case(m, n, k, batches, a, b, c, aOff + Math.max(1, batches) * m * k + 1,
                    bOff + Math.max(1, batches) * k * n * bStep + 1, 1 + Math.max(1, batches) * m * ldc, odd);
        }

        int at(MatrixLayout l, int batch, int i, int j) {
            return l.offset() + batch * l.batchStride() + i * l.rowStride() + j * l.colStride();
        }
    }

    private static void checkFloat(int m, int n, int k, int batches, int variant) {
        Case t = Case.of(m, n, k, batches, variant);
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k + variant);
        float[] a = new float[t.aSize];
        float[] b = new float[t.bSize];
        float[] c = new float[t.cSize];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = (float) r.nextDouble(-1, 1);
        float[] before = c.clone();
        Gemm.multiply(batches, m, n, k, a, t.a, b, t.b, c, t.c, t.accumulate);
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double scale = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = (double) a[t.at(t.a, bi, i, p)] * b[t.at(t.b, bi, p, j)];
                        sum += prod;
                        scale += Math.abs(prod);
                    }
                    int ci = t.at(t.c, bi, i, j);
                    if (t.accumulate) {
                        sum += before[ci];
                        scale += Math.abs(before[ci]);
                    }
                    double expected = sum;
                    assertTrue(Math.abs(c[ci] - sum) <= 1e-6 * (scale + 1),
                            () -> "variant " + variant + " at [" + ci + "]: " + c[ci] + " vs " + expected);
                }
            }
        }
        for (int i = 0; i < t.c.offset(); i++) assertTrue(c[i] == before[i], "wrote before C");
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = n; j < t.c.rowStride(); j++) {
                    int ci = t.at(t.c, bi, i, j);
                    assertTrue(c[ci] == before[ci], "wrote outside C's columns at " + ci);
                }
            }
        }
    }

    private static void checkDouble(int m, int n, int k, int batches, int variant) {
        Case t = Case.of(m, n, k, batches, variant);
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k + variant);
        double[] a = new double[t.aSize];
        double[] b = new double[t.bSize];
        double[] c = new double[t.cSize];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = r.nextDouble(-1, 1);
        double[] before = c.clone();
        Gemm.multiply(batches, m, n, k, a, t.a, b, t.b, c, t.c, t.accumulate);
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double scale = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = a[t.at(t.a, bi, i, p)] * b[t.at(t.b, bi, p, j)];
                        sum += prod;
                        scale += Math.abs(prod);
                    }
                    int ci = t.at(t.c, bi, i, j);
                    if (t.accumulate) {
                        sum += before[ci];
                        scale += Math.abs(before[ci]);
                    }
                    double expected = sum;
                    assertTrue(Math.abs(c[ci] - sum) <= 1e-13 * (scale + 1),
                            () -> "variant " + variant + " at [" + ci + "]: " + c[ci] + " vs " + expected);
                }
            }
        }
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = n; j < t.c.rowStride(); j++) {
                    int ci = t.at(t.c, bi, i, j);
                    assertTrue(c[ci] == before[ci], "wrote outside C's columns at " + ci);
                }
            }
        }
    }
}
