package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@code heaviside} against PyTorch 1.13's {@code torch.heaviside} ({@code tests/src/test/python/heaviside.py}), on every device. */
class HeavisideTest {
    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    @Test
    void valuesAtZeroNanAndInfinitiesAsPyTorch() {
        for (Device device : Conformance.devices()) {
            Tensor x = Tensor.of(new float[] {-1, 0, 2, Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 7).to(device);
            Tensor half = x.heaviside(Tensor.scalar(0.5).to(device));
            assertEquals(DType.FLOAT32, half.dtype());
            assertArrayEquals(new float[] {0, 0.5f, 1, 0, 0.5f, 1, 0}, half.toFloatArray(), device.toString());
            assertArrayEquals(half.toFloatArray(), x.heaviside(0.5).toFloatArray());
            Tensor perElement = x.to(DType.FLOAT64).heaviside(Tensor.arange(0.0, 7.0, 1.0).to(DType.FLOAT64).to(device));
            assertArrayEquals(new double[] {0, 1, 1, 0, 4, 1, 0}, perElement.toDoubleArray());
            Tensor broadcast = Tensor.zeros(2, 1).to(device).heaviside(Tensor.of(new float[] {1, 2, 3}, 3).to(device));
            assertArrayEquals(new int[] {2, 3}, broadcast.shape());
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, broadcast.toFloatArray());
        }
    }

    @Test
    void integerAndBoolInputsKeepTheirDtype() {
        Tensor ints = Tensor.of(new long[] {-3, 0, 5});
        Tensor i64 = ints.heaviside(1);
        assertEquals(DType.INT64, i64.dtype());
        assertArrayEquals(new long[] {0, 1, 1}, i64.toLongArray());
        Tensor i32 = ints.to(DType.INT32).heaviside(Tensor.scalar(DType.INT32, 1L));
        assertEquals(DType.INT32, i32.dtype());
        assertArrayEquals(new long[] {0, 1, 1}, i32.to(DType.INT64).toLongArray());
        Tensor bools = ints.ne(0).logicalNot().logicalNot();   // [true, false, true]
        Tensor b = bools.heaviside(1);
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {true, true, true}, b.toBooleanArray());
    }

    @Test
    void mixedDtypesAndUnrepresentableValuesAreRefused() {
        Tensor x = Tensor.zeros(2);
        String msg = assertThrows(IllegalArgumentException.class, () -> x.heaviside(Tensor.scalar(DType.FLOAT64, 1.0))).getMessage();
        assertTrue(msg.contains("float32") && msg.contains("float64"), msg);
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).heaviside(0.5));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).ne(0).heaviside(2));
        assertThrows(IllegalArgumentException.class, () -> x.heaviside(Tensor.zeros(3)));
    }

    @Test
    void gradientIsZeroForTheInputAndTheZeroMaskForTheValues() {
        Tensor x = Tensor.of(new double[] {-1, 0, 2, 0}, 4).requiresGrad(true);
        Tensor v = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
        x.heaviside(v).sum().backward();
        assertArrayEquals(new double[4], x.grad().toDoubleArray());
        assertArrayEquals(new double[] {2}, v.grad().toDoubleArray());
    }
}
