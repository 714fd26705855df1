package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Misuse gives a clear exception whose message carries what the user needs to fix it, and leaves the inputs
 * as they were and usable.
 */
class ErrorHandlingTest {

    /** Runs {@code call}, expects a {@link RuntimeException} whose message contains every one of {@code parts}. */
    private static RuntimeException expectError(Executable call, String... parts) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        String msg = e.getMessage();
        assertNotNull(msg, "exception without a message: " + e);
        for (String p : parts) {
            assertTrue(msg.toLowerCase(Locale.ROOT).contains(p.toLowerCase(Locale.ROOT)),
                    "message should mention '" + p + "' but was: " + msg + " (" + e.getClass().getSimpleName() + ")");
        }
        return e;
    }

    /** The tensor still holds {@code values} and ops on it still work. */
    private static void assertUsable(Tensor t, double[] values) {
        assertFalse(t.isClosed());
        assertArrayEquals(values, t.toDoubleArray(), 0.0);
        double[] doubled = t.add(t).toDoubleArray();
        for (int i = 0; i < values.length; i++) assertEquals(2 * values[i], doubled[i], 0.0);
    }

    private static double[] seq(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i + 1;
        return v;
    }

    // ---------------------------------------------------------------- shapes and dtypes

    @Test
    void addShapeMismatchNamesBothShapes() {
        Tensor a = Tensor.of(seq(6), 2, 3);
        Tensor b = Tensor.of(seq(20), 4, 5);
        expectError(() -> a.add(b), "add", "[2, 3]", "[4, 5]");
        assertUsable(a, seq(6));
        assertUsable(b, seq(20));
    }

    @Test
    void addShapeMismatchWithGradLeavesLeavesClean() {
        Tensor a = Tensor.of(seq(6), 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(seq(2), 2).requiresGrad(true);
        expectError(() -> a.mul(b), "[2, 3]", "[2]");
        assertNull(a.grad());
        a.mul(2.0).sum().backward();   // the failed op left no broken graph behind
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, a.grad().toDoubleArray(), 0.0);
    }

    @Test
    void matmulInnerDimensionMismatch() {
        Tensor a = Tensor.of(seq(6), 2, 3);
        Tensor b = Tensor.of(seq(8), 4, 2);
        expectError(() -> a.matmul(b), "matmul", "[2, 3]", "[4, 2]");
        assertUsable(a, seq(6));
        assertUsable(b, seq(8));
        assertArrayEquals(new int[] {4, 3}, b.matmul(a).shape());
    }

    @Test
    void conv2dOnIntTensorsNamesTheDtype() {
        Tensor x = Tensor.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new int[] {1, 0, 0, 1}, 1, 1, 2, 2);
        expectError(() -> x.conv2d(w, null, 1, 0), "conv2d", "int32");
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, x.toIntArray());
        Tensor y = x.to(DType.FLOAT32).conv2d(w.to(DType.FLOAT32), null, 1, 0);   // works once cast
        assertArrayEquals(new double[] {6, 8, 12, 14}, y.toDoubleArray(), 0.0);
    }

    @Test
    void intTensorCannotRequireGrad() {
        Tensor i = Tensor.arange(5);
        expectError(() -> i.requiresGrad(true), "float", "int64");
        assertFalse(i.requiresGrad());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, i.toLongArray());
        Tensor j = Tensor.of(new int[] {1, 2});
        expectError(() -> j.requiresGrad(true), "int32");
        Tensor b = Tensor.of(new boolean[] {true});
        expectError(() -> b.requiresGrad(true), "bool");
    }

    // ---------------------------------------------------------------- freed graphs

    @Test
    void secondBackwardWithoutRetainGraphMentionsRetainGraph() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        double[] first = x.grad().toDoubleArray();
        expectError(y::backward, "retainGraph");
        assertArrayEquals(first, x.grad().toDoubleArray(), 0.0, "the failed backward must not touch grad()");
        assertUsable(x, new double[] {1, 2, 3});
        x.zeroGrad();
        x.exp().sum().backward();   // a fresh graph works
        assertArrayEquals(first, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void backwardThroughAFreedSubgraphNamesTheOp() {
        Tensor x = Tensor.of(new double[] {0.5, -1}).requiresGrad(true);
        Tensor e = x.exp();
        e.sum().backward();                           // frees exp's node
        Tensor z = e.mul(3.0).sum();                  // new ops on top of the freed one
        expectError(z::backward, "exp", "retainGraph");
    }

    // ---------------------------------------------------------------- dims and indices

    @Test
    void outOfRangeDimInReduction() {
        Tensor a = Tensor.of(seq(6), 2, 3);
        expectError(() -> a.sum(5), "sum", "5", "rank 2");
        expectError(() -> a.mean(-3), "mean", "-3");
        assertUsable(a, seq(6));
        assertArrayEquals(new double[] {6, 15}, a.sum(-1).toDoubleArray(), 0.0);
    }

    @Test
    void outOfRangeSelectIndex() {
        Tensor a = Tensor.of(seq(12), 3, 4);
        expectError(() -> a.select(0, 3), "select", "3", "size 3");
        expectError(() -> a.select(1, -5), "select", "-5", "size 4");
        expectError(() -> a.select(2, 0), "select", "dim 2");
        assertUsable(a, seq(12));
        assertArrayEquals(new double[] {9, 10, 11, 12}, a.select(0, -1).toDoubleArray(), 0.0);
    }

    @Test
    void outOfRangeGatherIndex() {
        Tensor a = Tensor.of(seq(6), 2, 3);
        Tensor idx = Tensor.of(new long[] {0, 3, 1, 2}, 2, 2);
        expectError(() -> a.gather(1, idx), "gather", "3", "size 3");
        Tensor neg = Tensor.of(new long[] {0, -1}, 2, 1);
        expectError(() -> a.gather(1, neg), "gather", "-1");
        assertUsable(a, seq(6));
        assertArrayEquals(new long[] {0, 3, 1, 2}, idx.toLongArray());
        assertArrayEquals(new double[] {1, 3, 5, 6},
                a.gather(1, Tensor.of(new long[] {0, 2, 1, 2}, 2, 2)).toDoubleArray(), 0.0);
    }

    @Test
    void outOfRangeIndexSelect() {
        Tensor a = Tensor.of(seq(6), 3, 2);
        expectError(() -> a.indexSelect(0, Tensor.of(new long[] {0, 7})), "indexSelect", "7", "size 3");
        expectError(() -> a.indexSelect(2, Tensor.of(new long[] {0})), "indexSelect", "dim 2");
        assertUsable(a, seq(6));
        assertArrayEquals(new double[] {5, 6, 1, 2}, a.indexSelect(0, Tensor.of(new long[] {2, 0})).toDoubleArray(), 0.0);
    }

    // ---------------------------------------------------------------- in-place changes of saved tensors

    @Test
    void inPlaceChangeOfATensorSavedByMulNamesMul() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor c = Tensor.of(new double[] {4, 5, 6});
        Tensor y = w.mul(c);             // mul saves c for w's gradient
        c.addInPlace(1.0);               // allowed: c does not require grad
        expectError(() -> y.sum().backward(), "'mul'", "in-place");
        assertNull(w.grad());
        assertUsable(c, new double[] {5, 6, 7});
        w.mul(c).sum().backward();       // recomputing works
        assertArrayEquals(new double[] {5, 6, 7}, w.grad().toDoubleArray(), 0.0);
    }

    @Test
    void inPlaceChangeOfATensorSavedByExpNamesExp() {
        Tensor x = Tensor.of(new double[] {0, 1}).requiresGrad(true);
        Tensor e = x.exp();              // exp saves its output
        Tensor out = e.mul(2.0);
        e.mulInPlace(10.0);              // a non-leaf: recorded, but it overwrote exp's saved output
        expectError(() -> out.sum().backward(), "'exp'", "in-place");
        assertNull(x.grad());
        assertUsable(x, new double[] {0, 1});
    }

    // ---------------------------------------------------------------- anomaly mode

    @Test
    void anomalyModeNamesTheForwardOpThatProducedNaN() {
        Tensor x = Tensor.of(new double[] {2, -1}).requiresGrad(true);
        try (var s = Autograd.detectAnomaly()) {
            expectError(() -> x.mul(3.0).log(), "'log'", "NaN");
        }
        // outside anomaly mode the NaN passes silently, as in PyTorch
        assertTrue(Double.isNaN(x.log().toDoubleArray()[1]));
        assertUsable(x, new double[] {2, -1});
    }

    @Test
    void anomalyModeDoesNotBlameOpsThatOnlyCarryNaN() {
        Tensor x = Tensor.of(new double[] {Double.NaN, 1});
        try (var s = Autograd.detectAnomaly()) {
            Tensor y = assertDoesNotThrow(() -> x.mul(2.0).exp());   // the NaN was there already
            assertTrue(Double.isNaN(y.toDoubleArray()[0]));
            expectError(() -> Tensor.of(new double[] {0, 1}).div(Tensor.of(new double[] {0, 1})), "'div'");
        }
    }

    /**
     * sqrt at 0 has an infinite derivative; times a zero upstream gradient it gives 0 * inf = NaN in sqrt's backward,
     * though the forward values and the incoming gradient are finite. Anomaly mode should name sqrt.
     */
    @Test
    void anomalyModeNamesTheBackwardOpThatProducedNaN() {
        Tensor x = Tensor.of(new double[] {0, 4}).requiresGrad(true);
        try (var s = Autograd.detectAnomaly()) {
            Tensor loss = x.sqrt().mul(0.0).sum();   // forward is NaN-free: [0, 0]
            assertEquals(0.0, loss.item());
            RuntimeException e = expectError(loss::backward, "sqrt", "NaN");
            assertTrue(e.getMessage().contains("backward"), "should say it happened in the backward pass: " + e.getMessage());
        }
        // without anomaly mode: the NaN lands in the gradient
        Tensor x2 = Tensor.of(new double[] {0, 4}).requiresGrad(true);
        x2.sqrt().mul(0.0).sum().backward();
        assertTrue(Double.isNaN(x2.grad().toDoubleArray()[0]));
        assertEquals(0.0, x2.grad().toDoubleArray()[1]);
    }

    @Test
    void anomalyScopeRestoresTheModeAfterAnError() {
        Tensor x = Tensor.of(new double[] {-1});
        try (var s = Autograd.detectAnomaly()) {
            x.log();
            fail("expected an anomaly");
        } catch (ArithmeticException expected) {
            // the scope was closed by try-with-resources
        }
        assertTrue(Double.isNaN(x.log().item()), "anomaly mode must be off again");
    }

    // ---------------------------------------------------------------- closed memory scopes

    @Test
    void tensorsOfAClosedMemoryScopeThrowWhenUsed() {
        Tensor outside = Tensor.of(new double[] {1, 2});
        Tensor inner;
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            inner = outside.mul(2.0);
            kept = scope.keep(inner.add(1.0));
        }
        assertTrue(inner.isClosed());
        expectError(() -> inner.add(1.0), "closed");
        expectError(inner::toDoubleArray, "closed");
        expectError(() -> outside.add(inner), "closed");
        assertArrayEquals(new int[] {2}, inner.shape());        // metadata stays readable
        assertTrue(inner.toString().contains("closed"));
        assertFalse(kept.isClosed());
        assertArrayEquals(new double[] {3, 5}, kept.toDoubleArray(), 0.0);
        assertUsable(outside, new double[] {1, 2});
    }
}
