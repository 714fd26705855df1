package dev.ember.nn.functional;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AttentionTest {
    private static Tensor randn(long seed, int... shape) { return new Generator(seed).randn(DType.FLOAT64, shape); }

    @Test
    void gradientsMatchFiniteDifferencesWithEachKindOfMask() {
        Tensor q = randn(1, 2, 3, 4);
        Tensor k = randn(2, 2, 5, 4);
        Tensor v = randn(3, 2, 5, 3);
        Tensor boolMask = Tensor.of(new boolean[] {true, false, true, true, false, true, true, false, false, true,
                true, true, true, true, false}, 3, 5);
        Tensor floatMask = randn(4, 2, 1, 5);
        for (var f : java.util.List.<java.util.function.Function<Tensor[], Tensor>>of(
                in -> Attention.scaledDotProductAttention(in[0], in[1], in[2]),
                in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], boolMask, 0, false, null),
                in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], floatMask, 0, false, null),
                in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], null, 0, true, 0.7, null))) {
            GradCheck.Result r = GradCheck.check(f, q, k, v);
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void causalQueriesDoNotSeeLaterKeys() {
        Tensor q = randn(1, 4, 3);
        Tensor k = randn(2, 4, 3);
        Tensor v = randn(3, 4, 2);
        Tensor out = Attention.scaledDotProductAttention(q, k, v, null, 0, true, null);
        // changing the last key and value changes only the last query's output
        Tensor k2 = Tensor.cat(0, k.narrow(0, 0, 3), randn(4, 1, 3));
        Tensor v2 = Tensor.cat(0, v.narrow(0, 0, 3), randn(5, 1, 2));
        Tensor out2 = Attention.scaledDotProductAttention(q, k2, v2, null, 0, true, null);
        assertArrayEquals(out.narrow(0, 0, 3).toDoubleArray(), out2.narrow(0, 0, 3).toDoubleArray(), 1e-12);
        assertNotEquals(out.select(0, 3).toDoubleArray()[0], out2.select(0, 3).toDoubleArray()[0]);
        // the first query sees only the first key: its output is the first value
        assertArrayEquals(v.select(0, 0).toDoubleArray(), out.select(0, 0).toDoubleArray(), 1e-12);
        // the float mask of generate_square_subsequent_mask means the same
        Tensor masked = Attention.scaledDotProductAttention(q, k, v, Attention.squareSubsequentMask(4), 0, false, null);
        assertArrayEquals(out.toDoubleArray(), masked.toDoubleArray(), 1e-12);
        assertArrayEquals(new float[] {0, Float.NEGATIVE_INFINITY, 0, 0}, Attention.squareSubsequentMask(2).toFloatArray());
    }

    @Test
    void weightsAreRowsOfProbabilities() {
        Tensor w = Attention.attentionWeights(randn(1, 2, 6, 4), randn(2, 2, 7, 4), null, false, Double.NaN);
        assertArrayEquals(new int[] {2, 6, 7}, w.shape());
        assertArrayEquals(Tensor.ones(DType.FLOAT64, 2, 6).toDoubleArray(), w.sum(-1).toDoubleArray(), 1e-12);
    }

    @Test
    void dropoutZeroesWeightsAndKeepsTheExpectation() {
        // one query/key/value set repeated 4000 times: the mean over the batch of the dropped-out outputs is
        // the output without dropout, up to sampling noise
        Tensor q = randn(1, 1, 3, 4).expand(4000, 3, 4);
        Tensor k = randn(2, 1, 5, 4).expand(4000, 5, 4);
        Tensor v = randn(3, 1, 5, 2).expand(4000, 5, 2);
        Tensor exact = Attention.scaledDotProductAttention(q.narrow(0, 0, 1), k.narrow(0, 0, 1), v.narrow(0, 0, 1));
        Tensor dropped = Attention.scaledDotProductAttention(q, k, v, null, 0.5, false, new Generator(7));
        assertArrayEquals(exact.toDoubleArray(), dropped.mean(0).toDoubleArray(), 0.05);
        Tensor again = Attention.scaledDotProductAttention(q, k, v, null, 0.5, false, new Generator(7));
        assertArrayEquals(dropped.toDoubleArray(), again.toDoubleArray(), 0.0, "the same seed drops the same weights");
        Tensor w = Attention.dropout(Tensor.ones(DType.FLOAT64, 10_000), 0.3, new Generator(3));
        double kept = w.gt(0.0).to(DType.FLOAT64).mean().item();
        assertEquals(0.7, kept, 0.02);
        assertEquals(1 / 0.7, w.max().item(), 1e-12);
    }

    @Test
    void badInputIsRejectedClearly() {
        Tensor q = Tensor.zeros(2, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 4)));
        assertEquals("scaledDotProductAttention: expected query [..., L, E] and key [..., S, E], got [2, 3, 4] and [2, 5, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, Tensor.zeros(2, 5, 4), Tensor.zeros(2, 6, 4)));
        assertTrue(e.getMessage().contains("value [..., S, Ev] with the key's S = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, q, q, Tensor.zeros(3, 2), 0, false, null));
        assertEquals("scaledDotProductAttention: mask of shape [3, 2] does not broadcast to the scores [..., 3, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, q, q, Tensor.zeros(3, 3), 0, true, null));
        assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProductAttention(q, q, q, null, 1.5, false, null));
        try (var noGrad = Autograd.noGrad()) {
            assertThrows(IllegalArgumentException.class, () -> Attention.squareSubsequentMask(0));
        }
    }
}
