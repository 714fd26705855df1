package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;
import dev.ember.nn.Parameter;

/**
 * A lookup table: integer indices of any shape select rows of {@code weight [numEmbeddings, dim]}, giving
 * {@code [...indices shape, dim]}, as PyTorch's {@code nn.Embedding}. The weight starts as {@code normal(0, 1)};
 * with a {@code paddingIdx}, that row starts at zero and gets no gradient, so it stays what it is set to.
 *
 * <pre>{@code
 * Embedding words = new Embedding(10_000, 128, 0);            // index 0 pads short sentences
 * Tensor vectors = words.forward(tokenIds);                   // int64 [batch, seq] -> [batch, seq, 128]
 * }</pre>
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int dim;
    private final Integer paddingIdx;
    private final Parameter weight;

    public Embedding(int numEmbeddings, int dim) { this(numEmbeddings, dim, null, Generator.defaultGenerator()); }

    /** {@code paddingIdx} may be negative, counting from the end as in PyTorch. */
    public Embedding(int numEmbeddings, int dim, int paddingIdx) {
        this(numEmbeddings, dim, paddingIdx, Generator.defaultGenerator());
    }

    /** {@code paddingIdx} null: no padding row. */
    public Embedding(int numEmbeddings, int dim, Integer paddingIdx, Generator generator) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding needs positive sizes, got numEmbeddings=" + numEmbeddings + ", dim=" + dim);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx must be in [" + -numEmbeddings + ", " + numEmbeddings
                    + "), got " + paddingIdx);
        }
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        try (var noGrad = Autograd.noGrad()) {
            Tensor w = generator.normal(0, 1, numEmbeddings, dim);
            if (this.paddingIdx != null) w.select(0, this.paddingIdx).zeroInPlace();
            weight = parameter("weight", w);
        }
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException(describe() + ": expected integer indices, got " + indices.dtype()
                    + " of shape " + Shape.str(indices.shape()));
        }
        checkRange(indices.reshape(-1));
        return F.embedding(indices, weight.value(), paddingIdx);
    }

    private void checkRange(Tensor flat) {
        if (flat.numel() == 0) return;
        long low = (long) flat.min().item();
        long high = (long) flat.max().item();
        if (low < 0 || high >= numEmbeddings) {
            throw new IllegalArgumentException(describe() + ": index " + (low < 0 ? low : high) + " is out of range [0, "
                    + numEmbeddings + ")");
        }
    }

    public Parameter weight() { return weight; }

    public int numEmbeddings() { return numEmbeddings; }

    public int embeddingDim() { return dim; }

    /** The padding row (made non-negative), or null. */
    public Integer paddingIdx() { return paddingIdx; }

    @Override
    protected String describe() {
        return "Embedding(" + numEmbeddings + ", " + dim + (paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx) + ")";
    }
}
