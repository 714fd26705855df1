package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.Storage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poisoning mode ({@code -Dember.debug.poison=true}): {@code allocate} hands out garbage and {@code zeros} zeros,
 * and every CPU kernel writes all of an output from {@code allocate}, including the cases where it writes by adding
 * (average pooling's and convolution's input gradients with windows that skip inputs, the weight gradient of an
 * empty batch, GEMM and sums over an empty dim).
 */
class PoisonedAllocationTest {
    private final CpuBackend backend = new CpuBackend(true);

    @Test
    void allocateIsPoisonedAndZerosIsNot() {
        assertTrue(Float.isNaN(floats(backend.allocate(DType.FLOAT32, 3))[2]));
        assertTrue(Double.isNaN(doubles(backend.allocate(DType.FLOAT64, 3))[0]));
        assertArrayEquals(new int[] {Integer.MAX_VALUE}, (int[]) c(backend.allocate(DType.INT32, 1)).array);
        assertArrayEquals(new long[] {Long.MAX_VALUE}, (long[]) c(backend.allocate(DType.INT64, 1)).array);
        assertArrayEquals(new boolean[] {true}, (boolean[]) c(backend.allocate(DType.BOOL, 1)).array);
        for (DType t : DType.values()) {
            Storage z = backend.zeros(t, 4);
            assertArrayEquals(new double[4], RowIO.toDoubles(c(z), 4), t + " zeros");
        }
        if (!Boolean.getBoolean("ember.debug.poison")) {   // the whole suite may run poisoned
            assertFalse(Float.isNaN(floats(CpuBackend.INSTANCE.allocate(DType.FLOAT32, 1))[0]),
                    "the default backend is not poisoned");
        }
    }

    @Test
    void reductionsOverAnEmptyDimWriteTheirIdentity() {
        Storage x = backend.zeros(DType.FLOAT64, 0);
        Storage sum = backend.allocate(DType.FLOAT64, 3);
        backend.reduce(ReduceOp.SUM, x, Layout.contiguous(3, 0), new int[] {1}, sum, Layout.contiguous(3, 1));
        assertArrayEquals(new double[] {0, 0, 0}, doubles(sum));
        Storage prod = backend.allocate(DType.INT64, 3);
        backend.reduce(ReduceOp.PROD, backend.zeros(DType.INT32, 0), Layout.contiguous(3, 0), new int[] {1}, prod,
                Layout.contiguous(3, 1));
        assertArrayEquals(new long[] {1, 1, 1}, (long[]) c(prod).array);
    }

    @Test
    void matmulWithAnEmptyInnerDimWritesZeros() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            Storage out = backend.allocate(t, 6);
            backend.matmul(backend.zeros(t, 0), Layout.contiguous(1, 2, 0), backend.zeros(t, 0), Layout.contiguous(1, 0, 3),
                    out, Layout.contiguous(1, 2, 3), false);
            assertArrayEquals(new double[6], RowIO.toDoubles(c(out), 6), t.toString());
        }
    }

    @Test
    void averagePoolingsGradientWritesInputsNoWindowCovers() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int[] dxShape = {1, 1, 5, 5};
            int[] dyShape = {1, 1, 2, 2};
            Storage dy = ones(t, 4);
            Storage dx = backend.allocate(t, 25);
            backend.avgPool2dBackward(dy, dyShape, new PoolGeometry(1, 1, 3, 3, 0, 0), dx, dxShape);
            double[] expected = new double[25];
            expected[0] = expected[3] = expected[15] = expected[18] = 1;
            assertArrayEquals(expected, RowIO.toDoubles(c(dx), 25), t.toString());
        }
    }

    @Test
    void convolutionGradientsWriteEveryElement() {
        ConvGeometry strided = new ConvGeometry(3, 3, 0, 0, 1, 1, 1);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            // a 1x1 kernel with stride 3 reads only every third input: the others get a zero gradient
            Storage dx = backend.allocate(t, 25);
            backend.conv2dBackwardInput(ones(t, 4), new int[] {1, 1, 2, 2}, ones(t, 1), new int[] {1, 1, 1, 1}, strided,
                    dx, new int[] {1, 1, 5, 5});
            double[] expected = new double[25];
            expected[0] = expected[3] = expected[15] = expected[18] = 1;
            assertArrayEquals(expected, RowIO.toDoubles(c(dx), 25), t + " input gradient");

            Storage dx3 = backend.allocate(t, 25);
            backend.conv2dBackwardInput(ones(t, 4), new int[] {1, 1, 2, 2}, ones(t, 4), new int[] {1, 1, 2, 2}, strided,
                    dx3, new int[] {1, 1, 5, 5});
            double[] expected3 = {1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1};
            assertArrayEquals(expected3, RowIO.toDoubles(c(dx3), 25), t + " input gradient, 2x2 kernel");

            Storage dw = backend.allocate(t, 4);
            ConvGeometry plain = new ConvGeometry(1, 1, 0, 0, 1, 1, 1);
            backend.conv2dBackwardWeight(backend.zeros(t, 0), new int[] {0, 1, 3, 3}, backend.zeros(t, 0),
                    new int[] {0, 1, 2, 2}, plain, dw, new int[] {1, 1, 2, 2});
            assertArrayEquals(new double[4], RowIO.toDoubles(c(dw), 4), t + " weight gradient of no images");
        }
    }

    @Test
    void forwardKernelsWriteEveryElement() {
        Storage x = ones(DType.FLOAT32, 16);
        int[] xShape = {1, 1, 4, 4};
        Storage y = backend.allocate(DType.FLOAT32, 9);
        backend.conv2d(x, xShape, ones(DType.FLOAT32, 4), new int[] {1, 1, 2, 2}, new ConvGeometry(1, 1, 0, 0, 1, 1, 1), y,
                new int[] {1, 1, 3, 3});
        assertArrayEquals(new double[] {4, 4, 4, 4, 4, 4, 4, 4, 4}, RowIO.toDoubles(c(y), 9));

        PoolGeometry window = new PoolGeometry(2, 2, 2, 2, 0, 0);
        Storage max = backend.allocate(DType.FLOAT32, 4), at = backend.allocate(DType.INT64, 4);
        backend.maxPool2d(x, xShape, window, max, at, new int[] {1, 1, 2, 2});
        assertArrayEquals(new float[] {1, 1, 1, 1}, floats(max));
        assertArrayEquals(new long[] {0, 2, 8, 10}, (long[]) c(at).array);

        Storage soft = backend.allocate(DType.FLOAT64, 4);
        backend.softmax(ones(DType.FLOAT64, 4), 2, 2, false, soft);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, doubles(soft));

        for (Distribution d : Distribution.values()) {
            Storage r = backend.allocate(DType.FLOAT32, 5);
            backend.random(d, 1, 0, r, 5);
            for (float v : floats(r)) assertFalse(Float.isNaN(v), d.toString());
        }
    }

    private Storage ones(DType t, int n) {
        Storage s = backend.allocate(t, n);
        backend.fill(s, Layout.contiguous(n), 1);
        return s;
    }

    private static CpuStorage c(Storage s) { return CpuStorage.of(s); }

    private static float[] floats(Storage s) { return (float[]) c(s).array; }

    private static double[] doubles(Storage s) { return (double[]) c(s).array; }
}
