package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What autograd promises beyond single-op gradients: accumulation, modes, higher order, in-place, RNG. */
class AutogradSemanticsTest {
    private static final double TOL = 1e-12;

    private static Tensor leaf(double... values) { return Tensor.of(values).requiresGrad(true); }

    private static void assertValues(double[] expected, Tensor actual, double tol) {
        assertNotNull(actual, "no tensor (gradient missing?)");
        assertArrayEquals(expected, actual.toDoubleArray(), tol,
                () -> "expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual.toDoubleArray()));
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(x).map(f).toArray();
    }

    // ---------------------------------------------------------------- accumulation, zeroGrad, detach, noGrad

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, -2, 3);
        x.mul(x).sum().backward();                 // 2x
        assertValues(new double[] {2, -4, 6}, x.grad(), TOL);
        x.mul(3.0).sum().backward();               // + 3
        assertValues(new double[] {5, -1, 9}, x.grad(), TOL);
    }

    @Test
    void zeroGradClearsTheAccumulatedGradient() {
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        assertNotNull(x.grad());
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(5.0).sum().backward();
        assertValues(new double[] {5, 5}, x.grad(), TOL);
    }

    @Test
    void detachStopsGradients() {
        Tensor x = leaf(2, 3);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertValues(new double[] {2, 3}, d, 0);
        x.mul(d).sum().backward();                 // d/dx (x * const) = const, not 2x
        assertValues(new double[] {2, 3}, x.grad(), TOL);

        Tensor h = x.mul(4.0);
        Tensor y = h.detach().mul(h.detach()).add(h).sum();   // only the h term carries gradient
        x.zeroGrad();
        y.backward();
        assertValues(new double[] {4, 4}, x.grad(), TOL);
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var s = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.mul(2.0).exp().sum();
            try (var e = Autograd.enableGrad()) {      // nested enableGrad records again
                assertTrue(x.mul(2.0).requiresGrad());
            }
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertNull(y.gradFnName());
        assertThrows(IllegalStateException.class, y::backward);
        assertNull(x.grad());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(0.5, -1);
        Tensor y = x.exp().mul(x).sum();            // d/dx = e^x (1 + x)
        y.backward(null, true, false);
        double[] once = map(new double[] {0.5, -1}, v -> Math.exp(v) * (1 + v));
        assertValues(once, x.grad(), TOL);
        y.backward();                               // allowed: the graph was retained
        assertValues(map(once, v -> 2 * v), x.grad(), TOL);
    }

    // ---------------------------------------------------------------- broadcasting

    @Test
    void broadcastInputsGetGradientsReducedToTheirShape() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 1, 4).requiresGrad(true);
        Tensor s = a.add(b);
        assertArrayEquals(new int[] {3, 4}, s.shape());
        s.sum().backward();
        assertArrayEquals(new int[] {3, 1}, a.grad().shape());
        assertArrayEquals(new int[] {1, 4}, b.grad().shape());
        assertValues(new double[] {4, 4, 4}, a.grad(), TOL);
        assertValues(new double[] {3, 3, 3, 3}, b.grad(), TOL);

        a.zeroGrad();
        b.zeroGrad();
        a.mul(b).sum().backward();                  // d/da_i = sum_j b_j, d/db_j = sum_i a_i
        assertValues(new double[] {100, 100, 100}, a.grad(), TOL);
        assertValues(new double[] {6, 6, 6, 6}, b.grad(), TOL);
    }

    @Test
    void broadcastScalarAndLowerRankInputs() {
        Tensor c = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
        Tensor v = leaf(1, 2, 3);                   // [3] broadcast against [2, 3]
        Tensor m = Tensor.of(new double[] {1, 1, 1, 2, 2, 2}, 2, 3);
        m.mul(v).mul(c).sum().backward();
        assertArrayEquals(new int[0], c.grad().shape());
        assertEquals(18.0, c.grad().item(), TOL);   // sum(m * v) = 6 + 12
        assertValues(new double[] {6, 6, 6}, v.grad(), TOL);   // c * (1 + 2)
    }

    // ---------------------------------------------------------------- higher order

    @Test
    void secondDerivativeOfCubeIsSixX() {
        double[] xs = {-1.5, 0, 2};
        Tensor x = leaf(xs);
        Tensor y = x.pow(3.0).sum();
        Tensor dy = Autograd.grad(y, List.of(x), null, true, true).get(0);
        assertValues(map(xs, v -> 3 * v * v), dy, TOL);
        assertTrue(dy.requiresGrad(), "createGraph=true must give a differentiable gradient");
        Tensor d2y = Autograd.grad(dy.sum(), List.of(x)).get(0);
        assertValues(map(xs, v -> 6 * v), d2y, TOL);
        assertNull(x.grad(), "Autograd.grad returns gradients instead of accumulating them");
    }

    @Test
    void gradientPenalty() {
        // y = sum(w * x^3); dy/dx = 3 w x^2; P = sum((dy/dx)^2) = 9 sum(w^2 x^4)
        // dP/dw = 18 w x^4, dP/dx = 36 w^2 x^3
        double[] xs = {0.5, -1, 2};
        double[] ws = {1.5, 2, -0.5};
        Tensor x = leaf(xs);
        Tensor w = leaf(ws);
        Tensor y = w.mul(x.pow(3.0)).sum();
        Tensor gx = Autograd.grad(y, List.of(x), null, true, true).get(0);
        Tensor penalty = gx.pow(2.0).sum();
        penalty.backward();
        double[] dw = new double[3];
        double[] dx = new double[3];
        double p = 0;
        for (int i = 0; i < 3; i++) {
            p += 9 * ws[i] * ws[i] * Math.pow(xs[i], 4);
            dw[i] = 18 * ws[i] * Math.pow(xs[i], 4);
            dx[i] = 36 * ws[i] * ws[i] * Math.pow(xs[i], 3);
        }
        assertEquals(p, penalty.item(), 1e-10);
        assertValues(dw, w.grad(), 1e-10);
        assertValues(dx, x.grad(), 1e-10);
    }

    // ---------------------------------------------------------------- GradCheck can pass and can fail

    private static final Function<Tensor[], Tensor> COMPOSITE =
            in -> in[0].tanh().mul(in[1]).add(in[0].pow(2.0)).sigmoid().sum(1);

    private static Tensor[] compositeInputs() {
        Generator g = new Generator(7);
        return new Tensor[] {g.randn(DType.FLOAT64, 3, 4), g.randn(DType.FLOAT64, 4)};
    }

    @Test
    void gradCheckPassesOnACorrectComposite() {
        GradCheck.Result r = GradCheck.check(COMPOSITE, compositeInputs());
        assertTrue(r.passed(), r.toString());
        GradCheck.Result r2 = GradCheck.checkSecondOrder(COMPOSITE, compositeInputs());
        assertTrue(r2.passed(), r2.toString());
    }

    @Test
    void gradCheckFailsWhenTheFirstDerivativeIsWrong() {
        // forward x^2, but half of it is detached: the analytic gradient is x instead of 2x
        Function<Tensor[], Tensor> wrong = in -> in[0].mul(in[0].detach());
        Tensor x = new Generator(3).rand(DType.FLOAT64, 5).add(0.5);
        GradCheck.Result r = GradCheck.check(wrong, x);
        assertFalse(r.passed(), "GradCheck must catch a wrong gradient: " + r);
        assertTrue(r.maxError() > 0.1, r.toString());
        assertFalse(GradCheck.checkSecondOrder(wrong, x).passed());
        // the right version of the same function passes
        assertTrue(GradCheck.check(in -> in[0].mul(in[0]), x).passed());
    }

    @Test
    void gradCheckSecondOrderFailsWhenOnlyTheSecondDerivativeIsWrong() {
        // 1.5 x^2 * detach(x) - 0.5 detach(x)^3 = x^3 with first derivative 3 x detach(x) = 3x^2 (right),
        // but the derivative of that gradient comes out 3x instead of 6x
        Function<Tensor[], Tensor> wrong2 = in -> {
            Tensor d = in[0].detach();
            return in[0].pow(2.0).mul(d).mul(1.5).sub(d.pow(3.0).mul(0.5));
        };
        Tensor x = new Generator(4).rand(DType.FLOAT64, 4).add(0.5);
        GradCheck.Result first = GradCheck.check(wrong2, x);
        assertTrue(first.passed(), "first derivative is right: " + first);
        GradCheck.Result second = GradCheck.checkSecondOrder(wrong2, x);
        assertFalse(second.passed(), "checkSecondOrder must catch a wrong second derivative: " + second);
        assertTrue(GradCheck.checkSecondOrder(in -> in[0].pow(3.0), x).passed());
    }

    // ---------------------------------------------------------------- in-place

    @Test
    void inPlaceOnALeafThatRequiresGradOnlyInsideNoGrad() {
        Tensor x = leaf(1, 2);
        RuntimeException e = assertThrows(IllegalStateException.class, () -> x.addInPlace(1.0));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        assertValues(new double[] {1, 2}, x, 0);
        try (var s = Autograd.noGrad()) {
            x.addInPlace(1.0);
            x.mulInPlace(Tensor.of(new double[] {2, 3}));
        }
        assertValues(new double[] {4, 9}, x, 0);
        assertTrue(x.isLeaf());
        assertTrue(x.requiresGrad());
        x.mul(x).sum().backward();                   // still a working leaf
        assertValues(new double[] {8, 18}, x.grad(), TOL);
    }

    /** Without recording, in-place arithmetic writes straight into the tensor; aliasing operands must still be right. */
    @Test
    void inPlaceArithmeticWithoutRecordingHandlesBroadcastAliasingAndDtypes() {
        try (var noGrad = Autograd.noGrad()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            x.addInPlace(Tensor.of(new double[] {10, 20, 30}));
            assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, x.toDoubleArray());
            x.subInPlace(x);
            assertArrayEquals(new double[6], x.toDoubleArray());

            Tensor square = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            square.addInPlace(square.t());   // overlapping, differently laid out: computed before it is written
            assertArrayEquals(new double[] {2, 5, 5, 8}, square.toDoubleArray());

            Tensor counts = Tensor.of(new int[] {1, 2, 3});
            counts.mulInPlace(2);            // an int scalar keeps int32
            assertArrayEquals(new double[] {2, 4, 6}, counts.toDoubleArray());
            assertEquals(DType.INT32, counts.dtype());
            // a float result is not truncated into int32: PyTorch refuses it too (can_cast)
            assertThrows(IllegalArgumentException.class, () -> counts.mulInPlace(2.5));
            assertArrayEquals(new double[] {2, 4, 6}, counts.toDoubleArray());

            Tensor f = Tensor.of(new float[] {1, 2});
            f.divInPlace(4.0).mulInPlace(Tensor.of(new float[] {2, 4}));
            assertArrayEquals(new double[] {0.5, 2}, f.toDoubleArray());
            assertThrows(IllegalArgumentException.class, () -> f.addInPlace(Tensor.ones(3)));
        }
    }

    /** addcmulInPlace is addcmul written back: directly without recording, through the graph with it. */
    @Test
    void addcmulInPlaceMatchesAddcmulWithBroadcastAliasingAndRecording() {
        try (var noGrad = Autograd.noGrad()) {
            Tensor v = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor g = Tensor.of(new double[] {1, -1, 2}, 3);
            Tensor expected = v.addcmul(g, g, 0.5);
            assertSame(v, v.addcmulInPlace(g, g, 0.5));
            assertArrayEquals(expected.toDoubleArray(), v.toDoubleArray());

            Tensor square = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            square.addcmulInPlace(square.t(), square, 1);   // reads a transposed alias of itself: computed first
            assertArrayEquals(new double[] {2, 8, 9, 20}, square.toDoubleArray());

            Tensor f = Tensor.of(new float[] {1, 2});
            f.addcmulInPlace(Tensor.of(new double[] {1, 1}), Tensor.of(new double[] {3, 4}), 1);   // float64 operands
            assertArrayEquals(new double[] {4, 6}, f.toDoubleArray());
            assertEquals(DType.FLOAT32, f.dtype());
        }
        Tensor w = Tensor.of(new double[] {2, 3}).requiresGrad(true);
        Tensor y = w.mul(1.0);
        y.addcmulInPlace(w, w, 1);                    // y = w + w^2, recorded
        y.sum().backward();
        assertArrayEquals(new double[] {5, 7}, w.grad().toDoubleArray());
    }

    @Test
    void inPlaceOnANonLeafGivesCorrectGradients() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        y.addInPlace(1.0);
        assertFalse(y.isLeaf());
        y.sum().backward();
        assertValues(new double[] {2, 2, 2}, x.grad(), TOL);

        // the value written in place is what later ops see and differentiate: d/dx (2x+1)^2 = 4 (2x+1)
        Tensor x2 = leaf(1, 2, 3);
        Tensor z = x2.mul(2.0);
        z.addInPlace(1.0);
        z.pow(2.0).sum().backward();
        assertValues(new double[] {12, 20, 28}, x2.grad(), TOL);
    }

    /**
     * In-place product with a tensor that requires grad: the gradient for {@code w} needs the old value of z,
     * which the in-place write overwrites, so the op must keep that value (PyTorch saves a copy of the original
     * self for {@code mul_}): z = x * 3; z *= w  ->  dz/dx = 3w, dz/dw = 3x.
     */
    @Test
    void inPlaceMulOfANonLeafByATensorThatRequiresGrad() {
        Tensor x3 = leaf(1, 2);
        Tensor w = leaf(5, -1);
        Tensor z3 = x3.mul(3.0);
        z3.mulInPlace(w);
        z3.sum().backward();
        assertValues(new double[] {15, -3}, x3.grad(), TOL);
        assertValues(new double[] {3, 6}, w.grad(), TOL);
    }

    /**
     * An op that consumed a tensor before it was changed in place differentiates the value it saw, as in PyTorch:
     * out = (2x) * 3 computed first, then 2x is scaled by 5 in place; d out / dx is still 6.
     */
    @Test
    void inPlaceChangeDoesNotLeakIntoEarlierConsumers() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        Tensor out = y.mul(3.0);
        y.mulInPlace(5.0);
        assertValues(new double[] {6, 12}, out, 0);
        assertValues(new double[] {10, 20}, y, 0);
        out.sum().backward(null, true, false);      // y's graph is shared: keep it for the second pass
        assertValues(new double[] {6, 6}, x.grad(), TOL);

        x.zeroGrad();
        y.sum().backward();                          // the changed y: 10x
        assertValues(new double[] {10, 10}, x.grad(), TOL);
    }

    // ---------------------------------------------------------------- random numbers

    @Test
    void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
        double[] a = new Generator(42).randn(DType.FLOAT64, 50).toDoubleArray();
        double[] b = new Generator(42).randn(DType.FLOAT64, 50).toDoubleArray();
        double[] c = new Generator(43).randn(DType.FLOAT64, 50).toDoubleArray();
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));

        Generator g = new Generator(42);
        double[] first = g.rand(20).toDoubleArray();
        double[] second = g.rand(20).toDoubleArray();
        assertFalse(Arrays.equals(first, second), "successive draws must differ");
        g.manualSeed(42);
        assertArrayEquals(first, g.rand(20).toDoubleArray(), 0.0, "manualSeed restarts the stream");
        assertEquals(42, g.seed());

        assertArrayEquals(new Generator(9).randint(0, 1000, 30).toLongArray(),
                new Generator(9).randint(0, 1000, 30).toLongArray());
        for (double v : first) assertTrue(v >= 0 && v < 1, "rand out of [0, 1): " + v);
    }

    @Test
    void defaultGeneratorManualSeed() {
        Tensor.manualSeed(123);
        double[] a = Tensor.randn(10).toDoubleArray();
        Tensor.manualSeed(123);
        double[] b = Tensor.randn(10).toDoubleArray();
        Tensor.manualSeed(124);
        double[] c = Tensor.randn(10).toDoubleArray();
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
    }

    // ---------------------------------------------------------------- retainGrad

    @Test
    void retainGradOnAnIntermediate() {
        Tensor x = leaf(1, -2);
        Tensor h = x.mul(3.0);
        Tensor hr = h.retainGrad();
        assertSame(h, hr);
        Tensor other = x.mul(4.0);                   // not retained
        h.pow(2.0).add(other).sum().backward();
        assertValues(new double[] {6, -12}, h.grad(), TOL);      // 2h
        assertNull(other.grad(), "intermediates keep no gradient unless asked");
        assertValues(new double[] {22, -32}, x.grad(), TOL);     // 3 * 2h + 4
    }
}
