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

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** matmul in all its forms (vectors, matrices, batches, broadcast batches, transposed operands), dot, outer. */
class LinearAlgebraConformanceTest {

    /** (m, k, n) triples with the awkward sizes. */
    static List<int[]> sizes() {
        List<int[]> out = new ArrayList<>();
        for (int s : Conformance.AWKWARD_SIZES) {
            if (s > 127) continue;
            out.add(new int[] {s, 7, 13});
            out.add(new int[] {13, s, 1});
            out.add(new int[] {1, 13, s});
        }
        out.add(new int[] {127, 1025, 7});
        return out;
    }

    @TestFactory
    List<DynamicTest> matrixProducts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] mkn : sizes())
                    for (boolean transposed : new boolean[] {false, true})
                        tests.add(dynamicTest("matmul " + dtype + " " + Arrays.toString(mkn) + (transposed ? " transposed" : "") + " " + device, () -> {
                            int m = mkn[0], k = mkn[1], n = mkn[2];
                            var layout = transposed ? Conformance.Layout.TRANSPOSED : Conformance.Layout.CONTIGUOUS;
                            Tensor a = Conformance.tensor(values(m, m * k, -1, 1), new int[] {m, k}, dtype, device, layout);
                            Tensor b = Conformance.tensor(values(n, k * n, -1, 1), new int[] {k, n}, dtype, device, layout);
                            double[] expected = Reference.matmul(a.toDoubleArray(), b.toDoubleArray(), 1, m, k, n);
                            Tensor c = a.matmul(b);
                            assertArrayEquals(new int[] {m, n}, c.shape());
                            var tol = Conformance.tolerance(dtype);
                            assertClose("matmul", expected, c, new Conformance.Tolerance(tol.rtol() * 10, tol.atol() * Math.sqrt(k) * 10));
                        }));
        return tests;
    }

    /** linear (x @ wᵀ + b in one GEMM) against matmul and add computed from float64 references. */
    @TestFactory
    List<DynamicTest> linear() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] inputShapes = {{5, 7}, {2, 3, 7}, {1, 7}, {130, 7}};
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int[] xs : inputShapes)
                    for (boolean withBias : new boolean[] {true, false})
                        tests.add(dynamicTest("linear " + dtype + " " + Arrays.toString(xs) + (withBias ? "" : " no bias") + " " + device, () -> {
                            int in = 7, out = 19;
                            int rows = Arrays.stream(xs).reduce(1, (p, q) -> p * q) / in;
                            Tensor x = Conformance.tensor(values(rows, rows * in, -1, 1), xs, dtype, device, Conformance.Layout.STEPPED);
                            Tensor w = Conformance.tensor(values(3, out * in, -1, 1), new int[] {out, in}, dtype, device, Conformance.Layout.CONTIGUOUS);
                            Tensor b = withBias ? Conformance.tensor(values(4, out, -1, 1), new int[] {out}, dtype, device, Conformance.Layout.STEPPED) : null;
                            double[] expected = Reference.matmul(x.toDoubleArray(), w.t().contiguous().toDoubleArray(), 1, rows, in, out);
                            if (withBias) {
                                double[] bias = b.toDoubleArray();
                                for (int i = 0; i < expected.length; i++) expected[i] += bias[i % out];
                            }
                            Tensor y = x.linear(w, b);
                            int[] ys = xs.clone();
                            ys[ys.length - 1] = out;
                            assertArrayEquals(ys, y.shape());
                            var tol = Conformance.tolerance(dtype);
                            assertClose("linear", expected, y, new Conformance.Tolerance(tol.rtol() * 10, tol.atol() * Math.sqrt(in) * 10));
                        }));
        return tests;
    }

    @Test
    void linearGradientsAndErrors() {
        assertGradients("linear", in -> in[0].linear(in[1], in[2]), Tensor.randn(DType.FLOAT64, 2, 3, 4),
                Tensor.randn(DType.FLOAT64, 5, 4), Tensor.randn(DType.FLOAT64, 5));
        assertGradients("linear without bias", in -> in[0].linear(in[1], null), Tensor.randn(DType.FLOAT64, 3, 4),
                Tensor.randn(DType.FLOAT64, 5, 4));
        var r = dev.ember.GradCheck.checkSecondOrder(in -> in[0].linear(in[1], in[2]).tanh(),
                Tensor.randn(DType.FLOAT64, 2, 3), Tensor.randn(DType.FLOAT64, 4, 3), Tensor.randn(DType.FLOAT64, 4));
        org.junit.jupiter.api.Assertions.assertTrue(r.passed(), r.toString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.randn(2, 3).linear(Tensor.randn(4, 5), Tensor.randn(4)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void batchedAndBroadcastBatches() {
        Tensor a = Tensor.of(values(1, 2 * 3 * 4, -1, 1), 2, 3, 4);
        Tensor b = Tensor.of(values(2, 2 * 4 * 5, -1, 1), 2, 4, 5);
        assertClose("batched", Reference.matmul(a.toDoubleArray(), b.toDoubleArray(), 2, 3, 4, 5), a.matmul(b));
        Tensor shared = Tensor.of(values(3, 4 * 5, -1, 1), 4, 5);
        double[] twice = new double[2 * 4 * 5];
        for (int i = 0; i < twice.length; i++) twice[i] = shared.toDoubleArray()[i % 20];
        Tensor broadcast = a.matmul(shared);
        assertArrayEquals(new int[] {2, 3, 5}, broadcast.shape());
        assertClose("broadcast batch", Reference.matmul(a.toDoubleArray(), twice, 2, 3, 4, 5), broadcast);
        Tensor fourD = Tensor.randn(DType.FLOAT64, 3, 1, 2, 4).matmul(Tensor.randn(DType.FLOAT64, 5, 4, 6));
        assertArrayEquals(new int[] {3, 5, 2, 6}, fourD.shape());
        assertGradients("batched", in -> in[0].matmul(in[1]), a, b);
        assertGradients("broadcast batch", in -> in[0].matmul(in[1]), a, shared);
        assertGradients("4-d broadcast", in -> in[0].matmul(in[1]), Tensor.randn(3, 1, 2, 4), Tensor.randn(2, 4, 3));
    }

    @Test
    void vectorsDotAndOuter() {
        Tensor v = Tensor.of(new double[] {1, 2, 3});
        Tensor m = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new double[] {4, 5}, v.matmul(m).toDoubleArray());
        assertArrayEquals(new int[] {2}, v.matmul(m).shape());
        assertArrayEquals(new double[] {2, 2}, m.t().matmul(Tensor.of(new double[] {1, 1, 1})).toDoubleArray(), 0);
        assertEquals(14, v.matmul(v).item(), 0);
        assertEquals(14, v.dot(v).item(), 0);
        assertArrayEquals(new int[] {}, v.dot(v).shape());
        assertArrayEquals(new double[] {1, 2, 2, 4, 3, 6}, v.outer(Tensor.of(new double[] {1, 2})).toDoubleArray());
        assertGradients("vector @ matrix", in -> in[0].matmul(in[1]), Tensor.randn(4), Tensor.randn(4, 3));
        assertGradients("matrix @ vector", in -> in[0].matmul(in[1]), Tensor.randn(3, 4), Tensor.randn(4));
        assertGradients("dot", in -> in[0].dot(in[1]), Tensor.randn(5), Tensor.randn(5));
        assertGradients("outer", in -> in[0].outer(in[1]), Tensor.randn(3), Tensor.randn(2));
    }

    @Test
    void matmulSecondOrder() {
        var r = dev.ember.GradCheck.checkSecondOrder(in -> in[0].matmul(in[1]).tanh(), Tensor.randn(2, 3), Tensor.randn(3, 2));
        org.junit.jupiter.api.Assertions.assertTrue(r.passed(), r.toString());
    }
}
