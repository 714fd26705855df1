package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.functional.EmbeddingBagMode;
import dev.ember.nn.functional.F;

/**
 * The sum, mean (PyTorch's default) or max of bags of embedding rows, as PyTorch's {@code nn.EmbeddingBag},
 * without forming the per-index embeddings as a tensor of their own: bags are the rows of a 2-D input, or the
 * runs of a 1-D input starting at each offset. {@code weight [numEmbeddings, dim]} starts as {@code N(0, 1)};
 * a {@code paddingIdx} row starts at zero and is left out of every bag.
 *
 * <pre>{@code
 * EmbeddingBag bag = new EmbeddingBag(10_000, 64);
 * Tensor docs = bag.forward(tokenIds, offsets);   // int64 [tokens], [docs] -> [docs, 64], each the mean of its tokens
 * }</pre>
 */
public final class EmbeddingBag extends Module {
    private final int numEmbeddings;
    private final int dim;
    private final EmbeddingBagMode mode;
    private final boolean includeLastOffset;
    private final Integer paddingIdx;
    private final Parameter weight;

    public EmbeddingBag(int numEmbeddings, int dim) { this(numEmbeddings, dim, EmbeddingBagMode.MEAN); }

    public EmbeddingBag(int numEmbeddings, int dim, EmbeddingBagMode mode) {
        this(numEmbeddings, dim, mode, false, null, Generator.defaultGenerator());
    }

    /** {@code paddingIdx} null: none; negative counts from the end. */
    public EmbeddingBag(int numEmbeddings, int dim, EmbeddingBagMode mode, boolean includeLastOffset, Integer paddingIdx,
                        Generator generator) {
        this.numEmbeddings = Arguments.atLeast("EmbeddingBag", "numEmbeddings", numEmbeddings, 1);
        this.dim = Arguments.atLeast("EmbeddingBag", "dim", dim, 1);
        if (mode == null) throw new IllegalArgumentException("EmbeddingBag: mode is null");
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("EmbeddingBag: paddingIdx must be in [" + -numEmbeddings + ", " + numEmbeddings
                    + "), got " + paddingIdx);
        }
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        try (var noGrad = Autograd.noGrad()) {
            Tensor w = generator.normal(0, 1, numEmbeddings, dim);
            if (this.paddingIdx != null) w.select(0, this.paddingIdx).zeroInPlace();
            weight = parameter("weight", w);
        }
    }

    /** Bags as the rows of a 2-D {@code input [bags, length]}. */
    @Override
    public Tensor forward(Tensor input) { return forward(input, null, null); }

    /** Bags as the runs of a 1-D {@code input} starting at each of {@code offsets}. */
    public Tensor forward(Tensor input, Tensor offsets) { return forward(input, offsets, null); }

    /** With a weight per index ({@code perSampleWeights}, input's shape), mode SUM only. */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return F.embeddingBag(input, weight.value(), offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
    }

    public Parameter weight() { return weight; }

    public EmbeddingBagMode mode() { return mode; }

    @Override
    protected String describe() {
        return "EmbeddingBag(" + numEmbeddings + ", " + dim + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + (paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx) + ")";
    }
}
