package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's value is never narrowed without a word: a scalar that does not fit the tensor's integer type, a fill
 * value outside its dtype's range (or NaN into an integer), and an in-place result of a type the tensor cannot hold
 * are refused with a message naming the value, the dtypes and the shape. What PyTorch 1.13 allows (truncating a
 * fill toward zero, copyFrom's casts, widening within a category) still works. The PyTorch behaviour quoted in each
 * test was checked with Debian's python3-torch 1.13.
 */
class NarrowingChecksTest {

    private static void refused(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
    }

    private static Tensor ints() { return Tensor.of(new int[] {1, 2}); }

    @Test
    void aLongScalarThatDoesNotFitAnInt32TensorIsRefused() {
        // 1 + 3e9 wrapped to -1294967295 (PyTorch 1.13 wraps too; Ember refuses, STYLE.md principle 14)
        refused(() -> ints().add(3_000_000_000L), "3000000000", "int32", "[2]", "to(DType.INT64)");
        refused(() -> ints().sub(-3_000_000_000L), "-3000000000");
        refused(() -> ints().mul(1L << 40), "1099511627776");
        Tensor sum = ints().add(2_000_000_000L);
        assertEquals(DType.INT32, sum.dtype());
        assertArrayEquals(new int[] {2_000_000_001, 2_000_000_002}, sum.toIntArray());
        assertArrayEquals(new long[] {3_000_000_001L, 3_000_000_002L},
                ints().to(DType.INT64).add(3_000_000_000L).toLongArray());
    }

    @Test
    void aLongScalarIsHeldExactlyNextToAnInt64Tensor() {
        long big = (1L << 53) + 1;   // a double rounds it to 2^53
        assertArrayEquals(new long[] {big + 1}, Tensor.of(new long[] {1}).add(big).toLongArray());   // PyTorch: 2^53 + 2
        assertArrayEquals(new long[] {Long.MAX_VALUE}, Tensor.of(new long[] {0}).add(Long.MAX_VALUE).toLongArray());
        assertArrayEquals(new long[] {1 - big}, Tensor.of(new long[] {1}).sub(big).toLongArray());
        Tensor flags = Tensor.of(new boolean[] {true, false});
        assertArrayEquals(new long[] {big + 1, big}, flags.add(big).toLongArray());   // bool + int: int64
    }

    @Test
    void fullRefusesValuesItsDtypeCannotHold() {
        // PyTorch: "value cannot be converted to type int without overflow" for each
        refused(() -> Tensor.full(DType.INT32, 1e10, 2), "full", "1.0E10", "int32", "[2]");
        refused(() -> Tensor.full(DType.INT32, 3e9, 2), "int32");
        refused(() -> Tensor.full(DType.INT64, Double.NaN, 2), "NaN", "int64");
        refused(() -> Tensor.full(DType.INT64, Double.POSITIVE_INFINITY, 2), "Infinity", "int64");
        refused(() -> Tensor.full(DType.INT64, 0x1p63, 2), "int64");   // 2^63 itself is one past the range
        refused(() -> Tensor.full(DType.FLOAT32, 1e39, 2), "float32");
        refused(() -> Tensor.scalar(DType.INT32, -2147483649.0), "int32");
        assertArrayEquals(new int[] {Integer.MIN_VALUE}, Tensor.full(DType.INT32, Integer.MIN_VALUE, 1).toIntArray());
        assertArrayEquals(new long[] {-(1L << 62)}, Tensor.full(DType.INT64, -0x1p62, 1).toLongArray());
        assertEquals(Float.POSITIVE_INFINITY, Tensor.full(DType.FLOAT32, Double.POSITIVE_INFINITY, 1).item());
        assertEquals(Double.NaN, Tensor.full(DType.FLOAT32, Double.NaN, 1).item());
    }

    @Test
    void fullConvertsAsPyTorchDoes() {
        assertArrayEquals(new int[] {2, 2}, Tensor.full(DType.INT32, 2.7, 2).toIntArray());     // toward zero
        assertArrayEquals(new int[] {-2, -2}, Tensor.full(DType.INT32, -2.7, 2).toIntArray());
        // bool is value != 0: PyTorch's full((2,), 0.5, dtype=torch.bool) is True (0.5 was false before), NaN too
        assertArrayEquals(new boolean[] {true, true}, Tensor.full(DType.BOOL, 0.5, 2).toBooleanArray());
        assertArrayEquals(new boolean[] {true}, Tensor.full(DType.BOOL, Double.NaN, 1).toBooleanArray());
        assertArrayEquals(new boolean[] {false}, Tensor.full(DType.BOOL, -0.0, 1).toBooleanArray());
    }

    @Test
    void fillInPlaceAndMaskedFillRefuseValuesTheDtypeCannotHold() {
        Tensor t = ints();
        refused(() -> t.fillInPlace(1e10), "fillInPlace", "int32", "[2]");
        refused(() -> Tensor.of(new long[] {1, 2}).fillInPlace(Double.NaN), "fillInPlace", "NaN", "int64");
        assertArrayEquals(new int[] {1, 2}, t.toIntArray());   // untouched
        assertArrayEquals(new int[] {1, 1}, t.fillInPlace(1.5).toIntArray());   // PyTorch's fill_(1.5): 1
        Tensor mask = Tensor.of(new boolean[] {true, false});
        refused(() -> ints().maskedFill(mask, 3e9), "maskedFill", "int32");
        refused(() -> Tensor.of(new float[] {1, 2}).maskedFill(mask, 1e39), "maskedFill", "float32");
        assertArrayEquals(new int[] {1, 2}, ints().maskedFill(mask, 1.5).toIntArray());
    }

    @Test
    void anInPlaceResultOfAWiderCategoryIsRefused() {
        Tensor t = ints();
        // PyTorch: "result type Float can't be cast to the desired output type Int"
        refused(() -> t.addInPlace(Tensor.of(new float[] {0.5f, 0.5f})),
                "addInPlace", "result type float32 can't be cast to the desired output type int32", "[2]");
        refused(() -> t.addInPlace(1.5), "addInPlace", "float32", "int32");
        refused(() -> t.subInPlace(Tensor.of(new double[] {1, 1})), "subInPlace", "float64", "int32");
        refused(() -> t.divInPlace(2), "divInPlace", "float32");   // true division is float, as torch's div_
        refused(() -> t.clampInPlace(0.5, 1.5), "clampInPlace", "float32");
        refused(() -> t.addcmulInPlace(Tensor.of(new float[] {1, 1}), Tensor.of(new float[] {1, 1}), 1), "addcmulInPlace");
        refused(() -> Tensor.of(new boolean[] {true}).addInPlace(1L), "addInPlace", "int64", "bool");
        assertArrayEquals(new int[] {1, 2}, t.toIntArray());   // untouched by every refusal
        try (var recording = Autograd.enableGrad()) {
            refused(() -> t.addInPlace(1.5), "addInPlace");
        }
    }

    /** Without recording the int addcmul ran in place and truncated 1 + 0.5 to 1 (PyTorch casts 0.5 to 0). */
    @Test
    void aFractionalAddcmulValueIsRefusedForAnIntegerTensor() {
        for (boolean recording : new boolean[] {false, true}) {
            try (var mode = recording ? Autograd.enableGrad() : Autograd.noGrad()) {
                Tensor t = ints();
                refused(() -> t.addcmulInPlace(ints(), ints(), 0.5), "addcmulInPlace", "0.5", "int32", "[2]");
                assertArrayEquals(new int[] {1, 2}, t.toIntArray());
                assertArrayEquals(new int[] {3, 10}, t.addcmulInPlace(ints(), ints(), 2).toIntArray());   // as PyTorch
            }
        }
    }

    /** high - low wrapped negative: the numbers came from a range of the wrong sign. */
    @Test
    void randintRefusesARangeWiderThanALong() {
        refused(() -> Tensor.randint(Long.MIN_VALUE, Long.MAX_VALUE, 3), "randint", String.valueOf(Long.MAX_VALUE));
        long[] v = Tensor.randint(-5, 5, 1000).toLongArray();
        for (long x : v) assertTrue(x >= -5 && x < 5, "out of range: " + x);
    }

    @Test
    void inPlaceOpsThatKeepTheCategoryStillWork() {
        Tensor t = ints();
        assertArrayEquals(new int[] {2, 4}, t.addInPlace(Tensor.of(new long[] {1, 2})).toIntArray());   // int64 into int32
        assertArrayEquals(new int[] {6, 12}, t.mulInPlace(3).toIntArray());
        assertArrayEquals(new int[] {5, 11}, t.subInPlace(1).toIntArray());
        assertEquals(DType.INT32, t.dtype());
        Tensor f = Tensor.of(new float[] {1.5f, 2.5f});
        assertArrayEquals(new float[] {2.5f, 4.5f}, f.addInPlace(Tensor.of(new int[] {1, 2})).toFloatArray());
        assertArrayEquals(new float[] {5f, 9f}, f.mulInPlace(Tensor.of(new double[] {2, 2})).toFloatArray());
        assertArrayEquals(new float[] {3f, 7f}, f.addInPlace(-2).toFloatArray());
    }

    @Test
    void clampOfAnIntegerTensorToWholeBoundsStaysInteger() {
        Tensor t = Tensor.of(new int[] {-5, 3, 20});
        Tensor c = t.clamp(0, 10);   // PyTorch: int32.clamp(0, 10) is int32
        assertEquals(DType.INT32, c.dtype());
        assertArrayEquals(new int[] {0, 3, 10}, c.toIntArray());
        assertArrayEquals(new int[] {0, 3, 10}, t.clampInPlace(0, 10).toIntArray());
        assertEquals(DType.FLOAT32, Tensor.of(new int[] {1, 2}).clamp(0.5, 1.5).dtype());   // as torch.clamp(0.5, 1.5)
        assertEquals(DType.FLOAT32, Tensor.of(new int[] {1, 2}).clamp(-1e300, 1).dtype());  // a bound past int32: float
    }

    /** A comparison with a double does not round an integer tensor to float32 (16777217 == 16777216 was true). */
    @Test
    void comparingAnIntegerTensorWithADoubleIsExact() {
        Tensor t = Tensor.of(new long[] {16_777_216, 16_777_217, 16_777_218});
        assertArrayEquals(new boolean[] {false, true, false}, t.eq(16_777_217).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, t.ne(16_777_217).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false}, t.lt(16_777_217).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, t.le(16_777_217.5).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, t.gt(16_777_217.5).toBooleanArray());
        Tensor big = Tensor.of(new int[] {Integer.MAX_VALUE, 0});
        assertArrayEquals(new boolean[] {true, true}, big.lt(2147483648.0).toBooleanArray());   // past int32: exact too
        assertArrayEquals(new boolean[] {true, true}, big.ge(-0.5).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new float[] {1, 2}).eq(1.0).toBooleanArray());
    }

    @Test
    void copyFromCastsAsPyTorchsCopyDoes() {
        // copy_ converts any dtype: the one in-place write that truncates by design
        Tensor t = ints();
        assertArrayEquals(new int[] {1, -2}, t.copyFrom(Tensor.of(new float[] {1.7f, -2.7f})).toIntArray());
        Tensor flags = Tensor.of(new boolean[] {false, false});
        assertArrayEquals(new boolean[] {true, false}, flags.copyFrom(Tensor.of(new float[] {0.5f, 0})).toBooleanArray());
    }
}
