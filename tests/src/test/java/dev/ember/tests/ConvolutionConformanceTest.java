package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.backend.PoolGeometry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Convolution (stride, padding, dilation, groups) and pooling against direct loops and finite differences. */
class ConvolutionConformanceTest {

    /** n, c, h, w, m, k, stride, pad, dilation, groups */
    static final int[][] CONVS = {
        {1, 1, 5, 5, 1, 3, 1, 0, 1, 1},
        {2, 3, 7, 6, 4, 3, 2, 1, 1, 1},
        {1, 4, 13, 7, 6, 3, 1, 2, 2, 2},
        {2, 2, 6, 6, 2, 1, 1, 0, 1, 2},
        {1, 3, 7, 7, 3, 5, 3, 2, 1, 3},
        {3, 2, 1, 13, 4, 1, 1, 0, 1, 1},
        {2, 2, 3, 1, 2, 5, 1, 2, 1, 1},
        {1, 2, 3, 1, 2, 5, 2, 2, 1, 1},
    };

    @TestFactory
    List<DynamicTest> conv2d() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] c : CONVS)
                    tests.add(dynamicTest("conv2d " + dtype + " " + Arrays.toString(c) + " " + device, () -> {
                        int[] xs = {c[0], c[1], c[2], c[3]};
                        int[] ws = {c[4], c[1] / c[9], c[5], c[5]};
                        Tensor x = Conformance.tensor(values(c[2], Conformance.numel(xs), -1, 1), xs, dtype, device, Conformance.Layout.TRANSPOSED);
                        Tensor w = Conformance.tensor(values(c[4], Conformance.numel(ws), -1, 1), ws, dtype, device, Conformance.Layout.CONTIGUOUS);
                        Tensor bias = Tensor.of(values(9, c[4], -1, 1)).to(dtype).to(device);
                        int[] s = {c[6], c[6]}, p = {c[7], c[7]}, d = {c[8], c[8]};
                        double[] expected = Reference.conv2d(x.toDoubleArray(), xs, w.toDoubleArray(), ws, c[6], c[6], c[7], c[7], c[8], c[8], c[9]);
                        Tensor y = x.conv2d(w, null, s, p, d, c[9]);
                        // each output sums kc products; cuDNN may pick FFT or Winograd algorithms, whose float32
                        // rounding grows with that length as a GEMM's does
                        int kc = ws[1] * ws[2] * ws[3];
                        assertClose("conv2d", expected, y, kc);
                        Tensor yb = x.conv2d(w, bias, s, p, d, c[9]);
                        double[] b = bias.toDoubleArray();
                        int plane = y.size(2) * y.size(3);
                        for (int i = 0; i < expected.length; i++) expected[i] += b[(i / plane) % c[4]];
                        assertClose("conv2d with bias", expected, yb, kc + 1);
                        if (dtype == DType.FLOAT64) {
                            assertGradients("conv2d", in -> in[0].conv2d(in[1], in[2], s, p, d, c[9]), x, w, bias);
                        }
                    }));
        return tests;
    }

    /**
     * n, c, h, w, m, k, stride, pad, dilation, groups: shapes the CPU kernel treats apart, with enough work to be
     * split over threads: more images than threads (3x3, grouped, pointwise 1x1), one image (the GEMMs are split
     * instead), and a column matrix large enough to be built in tiles of output rows.
     */
    static final int[][] LARGE_CONVS = {
        {9, 6, 10, 9, 8, 3, 1, 1, 1, 1},
        {5, 8, 11, 12, 6, 3, 2, 1, 2, 2},
        {7, 16, 11, 13, 12, 1, 1, 0, 1, 1},
        {6, 8, 9, 9, 8, 1, 1, 0, 1, 4},
        {1, 16, 20, 20, 32, 3, 1, 1, 1, 1},
        {2, 64, 40, 40, 8, 3, 1, 1, 1, 1},
        {1, 64, 81, 40, 4, 3, 2, 1, 1, 1},
    };

    @TestFactory
    List<DynamicTest> conv2dLargeWithGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] c : LARGE_CONVS)
                    tests.add(dynamicTest("conv2d and gradients " + dtype + " " + Arrays.toString(c) + " " + device, () -> {
                        int[] xs = {c[0], c[1], c[2], c[3]};
                        int[] ws = {c[4], c[1] / c[9], c[5], c[5]};
                        int[] ys = Reference.convOutShape(xs, ws, c[6], c[6], c[7], c[7], c[8], c[8]);
                        Tensor x = Tensor.of(values(1, Conformance.numel(xs), -1, 1), xs).to(dtype).to(device).requiresGrad(true);
                        Tensor w = Tensor.of(values(2, Conformance.numel(ws), -1, 1), ws).to(dtype).to(device).requiresGrad(true);
                        Tensor dy = Tensor.of(values(3, Conformance.numel(ys), -1, 1), ys).to(dtype).to(device);
                        int[] s = {c[6], c[6]}, p = {c[7], c[7]}, d = {c[8], c[8]};
                        Tensor y = x.conv2d(w, null, s, p, d, c[9]);
                        List<Tensor> grads = Autograd.grad(y, List.of(x, w), dy, false, false);
                        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), dyv = dy.toDoubleArray();
                        int kc = ws[1] * ws[2] * ws[3];
                        assertClose("conv2d", Reference.conv2d(xv, xs, wv, ws, c[6], c[6], c[7], c[7], c[8], c[8], c[9]), y, kc);
                        assertClose("conv2d input gradient", Reference.conv2dInputGrad(dyv, xs, wv, ws, c[6], c[6], c[7], c[7], c[8], c[8], c[9]),
                                grads.get(0), (c[4] / c[9]) * ws[2] * ws[3]);
                        assertClose("conv2d weight gradient", Reference.conv2dWeightGrad(xv, xs, dyv, ws, c[6], c[6], c[7], c[7], c[8], c[8], c[9]),
                                grads.get(1), ys[0] * ys[2] * ys[3]);
                    }));
        return tests;
    }

    /** Different strides along height and width, and kernel columns that read only padding. */
    @Test
    void conv2dUnequalStrides() {
        int[] xs = {2, 2, 5, 1}, ws = {3, 2, 5, 5};
        int[] s = {2, 1}, p = {2, 2}, d = {1, 1};
        for (DType dtype : Conformance.FLOAT_TYPES) {
            Tensor x = Tensor.of(values(4, Conformance.numel(xs), -1, 1), xs).to(dtype);
            Tensor w = Tensor.of(values(5, Conformance.numel(ws), -1, 1), ws).to(dtype);
            double[] expected = Reference.conv2d(x.toDoubleArray(), xs, w.toDoubleArray(), ws, 2, 1, 2, 2, 1, 1, 1);
            assertClose("conv2d", expected, x.conv2d(w, null, s, p, d, 1), ws[1] * ws[2] * ws[3]);
            if (dtype == DType.FLOAT64) assertGradients("conv2d", in -> in[0].conv2d(in[1], null, s, p, d, 1), x, w);
        }
    }

    @Test
    void conv2dSecondOrder() {
        int[] one = {1, 1};
        GradCheck.Result r = GradCheck.checkSecondOrder(
                in -> in[0].conv2d(in[1], null, new int[] {2, 1}, one, one, 1).tanh(),
                Tensor.randn(1, 2, 4, 5), Tensor.randn(2, 2, 3, 3));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void conv1d() {
        Tensor x = Tensor.randn(DType.FLOAT64, 2, 3, 11);
        Tensor w = Tensor.randn(DType.FLOAT64, 4, 3, 3);
        Tensor y = x.conv1d(w, null, 2, 1, 1, 1);
        double[] expected = Reference.conv2d(x.toDoubleArray(), new int[] {2, 3, 1, 11}, w.toDoubleArray(), new int[] {4, 3, 1, 3},
                1, 2, 0, 1, 1, 1, 1);
        assertArrayEquals(new int[] {2, 4, 6}, y.shape());
        assertClose("conv1d", expected, y);
        assertGradients("conv1d", in -> in[0].conv1d(in[1], null, 2, 1, 1, 1), Tensor.randn(1, 2, 7), Tensor.randn(3, 2, 3));
    }

    /** n, c, h, w, m, k, stride, pad, outputPadding, dilation, groups: the last two pad by at least a stride (below the dilation). */
    static final int[][] TRANSPOSED = {
        {2, 4, 3, 3, 3, 4, 2, 1, 0, 1, 1},
        {1, 4, 5, 4, 6, 3, 2, 1, 1, 1, 2},
        {2, 3, 1, 7, 3, 2, 3, 0, 2, 1, 3},
        {1, 2, 4, 3, 2, 3, 1, 1, 1, 2, 1},
        {2, 2, 3, 2, 4, 2, 2, 2, 2, 3, 2},
    };

    /** convTranspose2d on every device against the scatter it is defined by: y[o*s - p + i*d] += x[o] w[i]. */
    @TestFactory
    List<DynamicTest> convTranspose2d() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] c : TRANSPOSED)
                    tests.add(dynamicTest("convTranspose2d " + dtype + " " + Arrays.toString(c) + " " + device, () -> {
                        int n = c[0], ch = c[1], h = c[2], wd = c[3], m = c[4], k = c[5], s = c[6], p = c[7], op = c[8], d = c[9], g = c[10];
                        int[] xs = {n, ch, h, wd}, ws = {ch, m / g, k, k};
                        Tensor x = Conformance.tensor(values(h, Conformance.numel(xs), -1, 1), xs, dtype, device, Conformance.Layout.TRANSPOSED);
                        Tensor w = Conformance.tensor(values(m, Conformance.numel(ws), -1, 1), ws, dtype, device, Conformance.Layout.CONTIGUOUS);
                        int oh = (h - 1) * s - 2 * p + d * (k - 1) + op + 1, ow = (wd - 1) * s - 2 * p + d * (k - 1) + op + 1;
                        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), expected = new double[n * m * oh * ow];
                        int cg = ch / g, mg = m / g;
                        for (int b = 0; b < n; b++)
                            for (int ci = 0; ci < ch; ci++)
                                for (int o = 0; o < mg; o++)
                                    for (int y0 = 0; y0 < h; y0++)
                                        for (int x0 = 0; x0 < wd; x0++)
                                            for (int i = 0; i < k; i++)
                                                for (int j = 0; j < k; j++) {
                                                    int r = y0 * s - p + i * d, q = x0 * s - p + j * d;
                                                    if (r < 0 || r >= oh || q < 0 || q >= ow) continue;
                                                    int out = (ci / cg) * mg + o;
                                                    expected[((b * m + out) * oh + r) * ow + q] += xv[((b * ch + ci) * h + y0) * wd + x0]
                                                            * wv[((ci * mg + o) * k + i) * k + j];
                                                }
                        int[] st = {s, s}, pa = {p, p}, opa = {op, op}, di = {d, d};
                        Tensor y = x.convTranspose2d(w, null, st, pa, opa, g, di);
                        assertArrayEquals(new int[] {n, m, oh, ow}, y.shape());
                        assertClose("convTranspose2d", expected, y, cg * k * k);
                        if (dtype == DType.FLOAT64) {
                            Tensor bias = Tensor.of(values(7, m, -1, 1)).to(dtype).to(device);
                            assertGradients("convTranspose2d", in -> in[0].convTranspose2d(in[1], in[2], st, pa, opa, g, di), x, w, bias);
                        }
                    }));
        return tests;
    }

    /** kernel, stride, padding */
    static final int[][] POOLS = {{2, 2, 0}, {3, 1, 1}, {3, 2, 1}, {1, 1, 0}, {2, 3, 0}};

    @TestFactory
    List<DynamicTest> pooling() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] p : POOLS)
                    for (int size : new int[] {7, 13})
                        tests.add(dynamicTest("pool " + dtype + " " + Arrays.toString(p) + " " + size + " " + device, () -> {
                            int[] xs = {2, 3, size, size - 2};
                            Tensor x = Conformance.tensor(values(size, Conformance.numel(xs), -1, 1), xs, dtype, device, Conformance.Layout.STEPPED);
                            assertClose("maxPool2d", Reference.pool2d(x.toDoubleArray(), xs, p[0], p[1], p[2], true), x.maxPool2d(p[0], p[1], p[2]));
                            assertClose("avgPool2d", Reference.pool2d(x.toDoubleArray(), xs, p[0], p[1], p[2], false), x.avgPool2d(p[0], p[1], p[2]));
                            if (dtype == DType.FLOAT64) {
                                assertGradients("maxPool2d", in -> in[0].maxPool2d(p[0], p[1], p[2]), x);
                                assertGradients("avgPool2d", in -> in[0].avgPool2d(p[0], p[1], p[2]), x);
                            }
                        }));
        return tests;
    }

    /** The first largest value wins a tie and the first NaN wins over numbers, on the 2x2 stride-2 path and the general one. */
    @Test
    void maxPoolTiesAndNaN() {
        double nan = Double.NaN;
        for (DType dtype : Conformance.FLOAT_TYPES) {
            Tensor x = Tensor.of(new double[] {5, 5, 1, nan, 2, 5, nan, 7}, 1, 1, 2, 4).to(dtype);
            Tensor.ValuesAndIndices strided = x.maxPool2dWithIndices(new PoolGeometry(2, 2, 2, 2, 0, 0));
            assertArrayEquals(new double[] {5, nan}, strided.values().toDoubleArray());
            assertArrayEquals(new long[] {0, 3}, strided.indices().toLongArray());
            Tensor.ValuesAndIndices sliding = x.maxPool2dWithIndices(new PoolGeometry(2, 2, 1, 1, 0, 0));
            assertArrayEquals(new double[] {5, nan, nan}, sliding.values().toDoubleArray());
            assertArrayEquals(new long[] {0, 6, 3}, sliding.indices().toLongArray());
        }
    }

    @Test
    void maxPoolIndicesAndOneDimensionalPooling() {
        Tensor x = Tensor.of(new double[] {1, 9, 2, 3, 4, 8, 7, 6, 5, 0, 1, 2, 3, 4, 5, 6}, 1, 1, 4, 4);
        Tensor.ValuesAndIndices r = x.maxPool2dWithIndices(new PoolGeometry(2, 2, 2, 2, 0, 0));
        assertArrayEquals(new double[] {9, 7, 5, 6}, r.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 6, 8, 15}, r.indices().toLongArray());
        Tensor s = Tensor.of(new double[] {1, 3, 2, 5, 4}, 1, 1, 5);
        assertArrayEquals(new double[] {3, 5}, s.maxPool1d(2, 2, 0).toDoubleArray());
        assertArrayEquals(new double[] {2, 3.5}, s.avgPool1d(2, 2, 0).toDoubleArray());
        assertGradients("maxPool1d", in -> in[0].maxPool1d(3, 2, 1), Tensor.randn(2, 2, 9));
        assertGradients("avgPool1d", in -> in[0].avgPool1d(3, 2, 1), Tensor.randn(2, 2, 9));
        GradCheck.Result second = GradCheck.checkSecondOrder(in -> in[0].avgPool2d(2, 1, 0).mul(in[0].maxPool2d(2, 1, 0)),
                Tensor.randn(1, 1, 3, 3));
        assertTrue(second.passed(), second.toString());
    }
}
