package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Reductions over any set of dims, keepDim or not, against float64 loops and finite differences. */
class ReductionConformanceTest {

    record Reduction(String name, BiFunction<Tensor, int[], Tensor> op, ToDoubleFunction<double[]> ref, double lo, double hi) {}

    static double sum(double[] g) { double s = 0; for (double v : g) s += v; return s; }

    static double mean(double[] g) { return sum(g) / g.length; }

    static double var(double[] g) {
        double m = mean(g), s = 0;
        for (double v : g) s += (v - m) * (v - m);
        return s / (g.length - 1);
    }

    static final List<Reduction> REDUCTIONS = List.of(
            new Reduction("sum", (x, d) -> x.sum(d, false), ReductionConformanceTest::sum, -2, 2),
            new Reduction("mean", (x, d) -> x.mean(d, false), ReductionConformanceTest::mean, -2, 2),
            new Reduction("prod", (x, d) -> x.prod(d, false), g -> { double p = 1; for (double v : g) p *= v; return p; }, 0.8, 1.2),
            new Reduction("amax", (x, d) -> x.amax(d, false), g -> Arrays.stream(g).max().orElseThrow(), -2, 2),
            new Reduction("amin", (x, d) -> x.amin(d, false), g -> Arrays.stream(g).min().orElseThrow(), -2, 2),
            new Reduction("var", (x, d) -> x.var(d, 1, false), ReductionConformanceTest::var, -2, 2),
            new Reduction("std", (x, d) -> x.std(d, 1, false), g -> Math.sqrt(var(g)), -2, 2),
            new Reduction("norm1", (x, d) -> x.norm(1, d, false), g -> Arrays.stream(g).map(Math::abs).sum(), -2, 2),
            new Reduction("norm2", (x, d) -> x.norm(2, d, false), g -> Math.sqrt(Arrays.stream(g).map(v -> v * v).sum()), -2, 2),
            new Reduction("logsumexp", (x, d) -> x.logsumexp(d, false),
                    g -> Math.log(Arrays.stream(g).map(Math::exp).sum()), -3, 3));

    /** (shape, dims) pairs: all dims, the last, the first, two of three, a size-1 dim. */
    static List<int[][]> cases(int n) {
        return List.of(
                new int[][] {{n}, {}},
                new int[][] {{n, 3}, {1}},
                new int[][] {{n, 3}, {0}},
                new int[][] {{2, n, 3}, {0, 2}},
                new int[][] {{3, 1, n}, {1}});
    }

    static int[] keptShape(int[] shape, int[] dims) {
        boolean[] r = new boolean[shape.length];
        if (dims.length == 0) Arrays.fill(r, true);
        for (int d : dims) r[d] = true;
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> !r[i]).map(i -> shape[i]).toArray();
    }

    @TestFactory
    List<DynamicTest> forward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Reduction r : REDUCTIONS)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    for (int n : Conformance.AWKWARD_SIZES)
                        for (int[][] c : cases(n)) {
                            int[] shape = c[0], dims = c[1];
                            tests.add(dynamicTest(r.name + " " + dtype + " " + Arrays.toString(shape) + " dims "
                                    + Arrays.toString(dims) + " " + device, () -> {
                                Tensor x = Conformance.tensor(values(n, Conformance.numel(shape), r.lo, r.hi), shape, dtype, device,
                                        shape.length > 1 ? Conformance.Layout.TRANSPOSED : Conformance.Layout.STEPPED);
                                double[] expected = Reference.reduce(x.toDoubleArray(), shape, dims, r.ref);
                                Tensor out = r.op.apply(x, dims);
                                Conformance.assertShape(keptShape(shape, dims), out);
                                // float32 sums of 1025 terms: allow for the order of accumulation
                                var tol = Conformance.tolerance(dtype);
                                assertClose(r.name, expected, out, new Conformance.Tolerance(tol.rtol() * 10, tol.atol() * 10));
                                Tensor kept = r.op.apply(x, dims).reshape(-1);
                                assertEquals(kept.numel(), expected.length);
                            }));
                        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> gradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Reduction r : REDUCTIONS)
                for (int n : Conformance.GRAD_SIZES)
                    for (int[][] c : cases(n)) {
                        if (r.name.equals("var") || r.name.equals("std")) {
                            if (Reference.numel(c[0]) / Math.max(1, Reference.numel(keptShape(c[0], c[1]))) < 2) continue;
                        }
                        tests.add(dynamicTest(r.name + " gradient " + Arrays.toString(c[0]) + " dims " + Arrays.toString(c[1]) + " " + device, () -> {
                            Tensor x = Tensor.of(values(n + 3, Conformance.numel(c[0]), r.lo, r.hi), c[0]).to(device);
                            assertGradients(r.name, in -> r.op.apply(in[0], c[1]), x);
                        }));
                    }
        return tests;
    }

    @Test
    void keepDimKeepsSizeOneDims() {
        Tensor x = Tensor.randn(2, 3, 4);
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(1, true).shape());
        assertArrayEquals(new int[] {1, 3, 1}, x.mean(new int[] {0, 2}, true).shape());
        assertArrayEquals(new int[] {}, x.sum().shape());
        assertArrayEquals(new int[] {2, 4}, x.sum(-2).shape());
    }

    @Test
    void maxAndMinWithIndicesAlongADim() {
        Tensor x = Tensor.of(new double[] {1, 5, 3, 7, 2, 7}, 2, 3);
        Tensor.ValuesAndIndices m = x.max(1, false);
        assertArrayEquals(new double[] {5, 7}, m.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 0}, m.indices().toLongArray());   // first on ties
        Tensor.ValuesAndIndices mn = x.min(0, true);
        assertArrayEquals(new double[] {1, 2, 3}, mn.values().toDoubleArray());
        assertArrayEquals(new int[] {1, 3}, mn.indices().shape());
        assertArrayEquals(new long[] {3}, new long[] {x.argmax().toLongArray()[0]});
        assertArrayEquals(new long[] {0}, new long[] {x.argmin().toLongArray()[0]});
        assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0, false).toLongArray());
        assertGradients("max(dim)", in -> in[0].max(1, false).values(), Tensor.of(values(3, 12, -1, 1), 3, 4));
        assertGradients("min(dim)", in -> in[0].min(0, true).values(), Tensor.of(values(4, 12, -1, 1), 3, 4));
    }

    @Test
    void tiesSplitTheGradientOfAmax() {
        Tensor x = Tensor.of(new double[] {2, 1, 2}).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new double[] {0.5, 0, 0.5}, x.grad().toDoubleArray());
    }

    @Test
    void prodGradientWithZeros() {
        Tensor one = Tensor.of(new double[] {2, 0, 3}).requiresGrad(true);
        one.prod().backward();
        assertArrayEquals(new double[] {0, 6, 0}, one.grad().toDoubleArray());
        Tensor two = Tensor.of(new double[] {0, 4, 0}).requiresGrad(true);
        two.prod().backward();
        assertArrayEquals(new double[] {0, 0, 0}, two.grad().toDoubleArray());
    }

    @Test
    void rowsLongerThanAKernelBlockAreReducedWhole() {
        int n = 10_000;   // longer than the CPU kernels' 4096-element blocks
        Tensor x = Tensor.arange(0.0, n, 1.0).to(DType.FLOAT64);
        assertEquals((double) n * (n - 1) / 2, x.sum().item(), 0);
        assertEquals(n - 1, x.argmax().toLongArray()[0]);
        Tensor dip = x.sub(Tensor.arange(0.0, n, 1.0).to(DType.FLOAT64).eq(9000.0).to(DType.FLOAT64).mul(1e9));
        assertEquals(9000, dip.argmin().toLongArray()[0]);
        assertEquals((long) n * (n - 1) / 2, Tensor.arange(n).sum().toLongArray()[0]);
        double[] withNaN = new double[n];
        withNaN[7000] = Double.NaN;
        assertTrue(Double.isNaN(Tensor.of(withNaN).max().item()));
    }

    @Test
    void integerSumsAreInt64() {
        Tensor x = Tensor.of(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
        assertEquals(DType.INT64, x.sum().dtype());
        assertEquals(2L * Integer.MAX_VALUE, x.sum().toLongArray()[0]);
        assertEquals(2L, Tensor.of(new boolean[] {true, false, true}).sum().toLongArray()[0]);
    }

    @TestFactory
    List<DynamicTest> softmaxAndLogSoftmax() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int n : Conformance.AWKWARD_SIZES)
                    for (int dim : new int[] {0, 1})
                        tests.add(dynamicTest("softmax " + dtype + " [" + n + ", 3] dim " + dim + " " + device, () -> {
                            int[] shape = {n, 3};
                            Tensor x = Conformance.tensor(values(n, 3 * n, -4, 4), shape, dtype, device, Conformance.Layout.TRANSPOSED);
                            double[] v = x.toDoubleArray();
                            double[] sm = new double[v.length];
                            double[] lsm = new double[v.length];
                            for (int i = 0; i < v.length; i++) {
                                int row = i / 3, col = i % 3;
                                double s = 0;
                                for (int k = 0; k < (dim == 0 ? n : 3); k++) s += Math.exp(dim == 0 ? v[k * 3 + col] : v[row * 3 + k]);
                                sm[i] = Math.exp(v[i]) / s;
                                lsm[i] = v[i] - Math.log(s);
                            }
                            assertClose("softmax", sm, x.softmax(dim));
                            assertClose("logSoftmax", lsm, x.logSoftmax(dim),
                                    new Conformance.Tolerance(Conformance.tolerance(dtype).rtol() * 10, Conformance.tolerance(dtype).atol() * 10));
                            if (n <= 13 && dtype == DType.FLOAT64) {
                                assertGradients("softmax", in -> in[0].softmax(dim), x);
                                assertGradients("logSoftmax", in -> in[0].logSoftmax(dim), x);
                            }
                        }));
        return tests;
    }

    @Test
    void softmaxSecondOrder() {
        var r = dev.ember.GradCheck.checkSecondOrder(in -> in[0].softmax(1).mul(in[0].logSoftmax(0)),
                Tensor.randn(DType.FLOAT64, 3, 4));
        org.junit.jupiter.api.Assertions.assertTrue(r.passed(), r.toString());
    }

    @Test
    void softmaxAndLogsumexpAreStableAtExtremes() {
        Tensor x = Tensor.of(new double[] {1000, 0, -1000, 1000}, 2, 2);
        double[] sm = x.softmax(1).toDoubleArray();
        assertArrayEquals(new double[] {1, 0, 0, 1}, sm, 1e-12);
        double[] lse = x.logsumexp(new int[] {1}, false).toDoubleArray();
        assertEquals(1000, lse[0], 1e-9);
        assertEquals(1000, lse[1], 1e-9);
        double[] ls = x.logSoftmax(1).toDoubleArray();
        assertEquals(-1000, ls[1], 1e-9);
        Tensor allMinusInf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, allMinusInf.logsumexp(new int[] {0}, false).item());
        Tensor big = Tensor.of(new float[] {100f, 100f}).requiresGrad(true);
        big.softmax(0).select(0, 0).backward();
        for (float g : big.grad().toFloatArray()) assertTrue(Float.isFinite(g));
    }
}
