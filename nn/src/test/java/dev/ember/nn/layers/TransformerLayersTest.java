package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import dev.ember.nn.functional.Attention;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** GradCheck in float64, shapes, modes and errors of MultiheadAttention, TransformerEncoderLayer, PositionalEmbedding. */
class TransformerLayersTest {
    private static Tensor randn(long seed, int... shape) { return new Generator(seed).randn(DType.FLOAT64, shape); }

    @Test
    void multiheadAttentionGradientsMatchFiniteDifferences() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, true, new Generator(1));
        mha.to(DType.FLOAT64);
        Tensor padding = Tensor.of(new boolean[] {false, false, true, false, false, false}, 2, 3);
        Tensor proj = randn(9, 2, 3, 4);
        GradCheck.Result r = GradCheck.check(in -> mha.forward(in[0], in[1], in[2], padding, false, null, true).output(),
                randn(2, 2, 3, 4), randn(3, 2, 3, 4), randn(4, 2, 3, 4));
        assertTrue(r.passed(), r.toString());
        Tensor x = randn(5, 2, 3, 4);
        ParameterGradCheck.check(mha, () -> mha.forward(x, x, x, padding, false, Attention.squareSubsequentMask(3), true)
                .output().mul(proj).sum());
    }

    @Test
    void encoderLayerGradientsMatchFiniteDifferencesPreAndPostNorm() {
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0.1, normFirst ? "gelu" : "relu", 1e-5,
                    normFirst, false, new Generator(3));
            layer.to(DType.FLOAT64).eval();
            Tensor mask = Attention.squareSubsequentMask(3, layer.selfAttn().inProjWeight().value().device(), DType.FLOAT64);
            GradCheck.Result r = GradCheck.check(in -> layer.forward(in[0], mask, null), randn(6, 3, 2, 4));
            assertTrue(r.passed(), layer + ": " + r);
            Tensor x = randn(7, 3, 2, 4);
            Tensor proj = randn(8, 3, 2, 4);
            ParameterGradCheck.check(layer, () -> layer.forward(x, mask, null).mul(proj).sum());
        }
    }

    @Test
    void positionalEmbeddingAddsARowPerPositionAndLearnsIt() {
        PositionalEmbedding pos = new PositionalEmbedding(5, 3, dev.ember.nn.init.Init.normal(0, 0.02), new Generator(1));
        pos.to(DType.FLOAT64);
        Tensor x = randn(2, 2, 4, 3);
        Tensor y = pos.forward(x);
        assertArrayEquals(x.add(pos.weight().value().narrow(0, 0, 4)).toDoubleArray(), y.toDoubleArray(), 0.0);
        assertEquals(List.of("weight"), List.copyOf(pos.stateDict().keySet()));
        Tensor proj = randn(3, 2, 4, 3);
        ParameterGradCheck.check(pos, () -> pos.forward(x).mul(proj).sum());
        var e = assertThrows(IllegalArgumentException.class, () -> pos.forward(Tensor.zeros(DType.FLOAT64, 2, 6, 3)));
        assertEquals("PositionalEmbedding(maxLength=5, dim=3): expected input of shape [..., T <= 5, 3], got [2, 6, 3]", e.getMessage());
    }

    @Test
    void dropoutActsInTrainingOnlyAndShapesFollowTheLayout() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.5, "relu", 1e-5, false, true, new Generator(4));
        Tensor x = new Generator(5).randn(2, 3, 8);
        layer.eval();
        Tensor a = layer.forward(x);
        assertArrayEquals(a.toFloatArray(), layer.forward(x).toFloatArray(), 0f, "eval is deterministic");
        assertArrayEquals(new int[] {2, 3, 8}, a.shape());
        layer.train();
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), layer.forward(x).toFloatArray()), "training drops out");

        MultiheadAttention mha = new MultiheadAttention(8, 4);   // time-first
        MultiheadAttention.Output r = mha.forward(x, new Generator(6).randn(5, 3, 8), new Generator(7).randn(5, 3, 8),
                null, true, null, true);
        assertArrayEquals(new int[] {2, 3, 8}, r.output().shape());          // [L, N, E]
        assertArrayEquals(new int[] {3, 2, 5}, r.weights().shape());         // [N, L, S]
        Tensor unbatched = new Generator(8).randn(4, 8);
        MultiheadAttention.Output u = mha.forward(unbatched, unbatched, unbatched, null, true, null, false);
        assertArrayEquals(new int[] {4, 8}, u.output().shape());
        assertArrayEquals(new int[] {4, 4, 4}, u.weights().shape());         // [heads, L, S]
        Tensor batchedOut = mha.forward(unbatched.unsqueeze(1));
        assertArrayEquals(u.output().toFloatArray(), batchedOut.squeeze(1).toFloatArray(), 1e-6f);
    }

    @Test
    void initialisationIsPyTorchs() {
        MultiheadAttention mha = new MultiheadAttention(64, 4, 0.0, true, false, new Generator(2));
        double bound = Math.sqrt(6.0 / (64 + 3 * 64));   // xavier_uniform_ over [3E, E]
        Tensor w = mha.inProjWeight().value();
        assertTrue(w.abs().max().item() <= bound && w.abs().max().item() > 0.9 * bound);
        assertEquals(0.0, mha.inProjBias().value().abs().max().item());
        assertEquals(0.0, mha.outProj().bias().value().abs().max().item());
        assertTrue(mha.outProj().weight().value().abs().max().item() <= 1 / Math.sqrt(64));
    }

    @Test
    void badShapesAndSettingsNameTheLayer() {
        MultiheadAttention mha = new MultiheadAttention(8, 2, 0.0, true, true, new Generator(1));
        var e = assertThrows(IllegalArgumentException.class, () -> mha.forward(Tensor.zeros(2, 3, 6)));
        assertEquals("MultiheadAttention(embedDim=8, numHeads=2, batchFirst=true): expected query of shape [N, len, 8], got [2, 3, 6]", e.getMessage());
        Tensor x = Tensor.zeros(2, 3, 8);
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(x, x, x, Tensor.zeros(DType.BOOL, 2, 4), false, null, true));
        assertTrue(e.getMessage().endsWith("expected keyPaddingMask of shape [2, 3], got [2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(x, x, x, null, false, Tensor.zeros(3, 4), true));
        assertTrue(e.getMessage().endsWith("expected attnMask of shape [3, 3] or [4, 3, 3], got [3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", false, true);
        e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(2, 3, 4)));
        assertEquals("TransformerEncoderLayer(dModel=8, nhead=2, dimFeedforward=16, dropout=0.1, activation=relu, batchFirst=true):"
                + " expected input of shape [N, len, 8], got [2, 3, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "tanh", false, true));
    }
}
