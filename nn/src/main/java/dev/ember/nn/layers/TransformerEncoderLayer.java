package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.init.Init;

/**
 * One Transformer encoder block, as PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and a
 * feed-forward network ({@code linear2(dropout(activation(linear1(x))))}), each inside a residual connection with
 * layer normalisation, after it (post-norm, the default and the original paper's) or before it ({@code normFirst},
 * pre-norm, which trains more easily when deep):
 * <pre>
 * post-norm: x = norm1(x + dropout1(selfAttn(x)));        x = norm2(x + dropout2(ff(x)))
 * pre-norm:  x = x + dropout1(selfAttn(norm1(x)));        x = x + dropout2(ff(norm2(x)))
 * </pre>
 * The state-dict keys are PyTorch's ({@code self_attn.in_proj_weight}, {@code linear1.weight},
 * {@code norm1.weight}, ...), so a PyTorch layer's weights load and give the same outputs.
 *
 * <pre>{@code
 * TransformerEncoderLayer block = new TransformerEncoderLayer(128, 4, 512, 0.1, "gelu", true, true);
 * Tensor y = block.forward(x, Attention.squareSubsequentMask(t), null);   // x [N, T, 128], causal
 * }</pre>
 */
public final class TransformerEncoderLayer extends Module {
    private final int dModel;
    private final int nhead;
    private final int dimFeedforward;
    private final double dropoutP;
    private final String activation;
    private final double layerNormEps;
    private final boolean batchFirst;
    private final boolean normFirst;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, post-norm, time-first. */
    public TransformerEncoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", false, false); }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   boolean normFirst, boolean batchFirst) {
        this(dModel, nhead, dimFeedforward, dropout, activation, 1e-5, normFirst, batchFirst, Generator.defaultGenerator());
    }

    /**
     * @param activation "relu" or "gelu" (exact)
     * @param generator  where the initial weights and every dropout mask are drawn from
     */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean normFirst, boolean batchFirst, Generator generator) {
        Arguments.atLeast("TransformerEncoderLayer", "dimFeedforward", dimFeedforward, 1);
        if (!"relu".equals(activation) && !"gelu".equals(activation)) {
            throw new IllegalArgumentException("TransformerEncoderLayer: activation must be \"relu\" or \"gelu\", got \"" + activation + "\"");
        }
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.activation = activation;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        // registration order = PyTorch's attribute order, so stateDict() lists the keys as state_dict() does
        selfAttn = child("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, generator));
        linear1 = child("linear1", new Linear(dModel, dimFeedforward, Init.pytorchDefault(),
                Init.pytorchBias(dModel), generator));
        this.dropout = child("dropout", new Dropout(dropout, generator));
        linear2 = child("linear2", new Linear(dimFeedforward, dModel, Init.pytorchDefault(),
                Init.pytorchBias(dimFeedforward), generator));
        norm1 = child("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        norm2 = child("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        dropout1 = child("dropout1", new Dropout(dropout, generator));
        dropout2 = child("dropout2", new Dropout(dropout, generator));
    }

    /** A layer with this one's settings and a copy of its weights (what {@link TransformerEncoder} stacks). */
    public TransformerEncoderLayer copy(Generator generator) {
        TransformerEncoderLayer twin = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation,
                layerNormEps, normFirst, batchFirst, generator);
        twin.to(selfAttn.inProjWeight().value().dtype());
        twin.to(selfAttn.inProjWeight().value().device());
        twin.loadStateDict(stateDict());
        twin.train(isTraining());
        return twin;
    }

    /** Without masks. */
    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /**
     * As PyTorch's {@code forward(src, src_mask, src_key_padding_mask)}; masks as
     * {@link MultiheadAttention#forward(Tensor, Tensor, Tensor, Tensor, boolean, Tensor, boolean)}'s (bool true:
     * masked out; float: added).
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        if (src.rank() < 2 || src.rank() > 3 || src.size(-1) != dModel) {
            throw wrongShape(src.rank() == 2 ? "[len, " + dModel + "]"
                    : batchFirst ? "[N, len, " + dModel + "]" : "[len, N, " + dModel + "]", src);
        }
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPadding) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPadding, false, mask, true).output());
    }

    private Tensor feedForward(Tensor x) {
        Tensor h = linear1.forward(x);
        h = "relu".equals(activation) ? h.relu() : h.gelu();
        return dropout2.forward(linear2.forward(dropout.forward(h)));
    }

    public MultiheadAttention selfAttn() { return selfAttn; }

    public int dModel() { return dModel; }

    public boolean normFirst() { return normFirst; }

    public boolean batchFirst() { return batchFirst; }

    @Override
    protected String describe() {
        return "TransformerEncoderLayer(dModel=" + dModel + ", nhead=" + nhead + ", dimFeedforward=" + dimFeedforward
                + ", dropout=" + dropoutP + ", activation=" + activation + (normFirst ? ", normFirst=true" : "")
                + (batchFirst ? ", batchFirst=true" : "") + ")";
    }
}
