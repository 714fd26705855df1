package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Similarity learning with cosines, as PyTorch's {@code nn.CosineEmbeddingLoss}: {@code 1 - cos(x1, x2)} for
 * pairs labelled 1, {@code max(0, cos(x1, x2) - margin)} for pairs labelled -1; default margin 0. It takes
 * three inputs, so it is not a two-input {@link Loss}.
 *
 * <pre>{@code
 * Tensor loss = new CosineEmbeddingLoss(0.2).apply(embA, embB, same);   // [N, D], [N, D], ±1 [N]
 * }</pre>
 */
public final class CosineEmbeddingLoss {
    private final double margin;
    private final Reduction reduction;

    public CosineEmbeddingLoss() { this(0); }

    public CosineEmbeddingLoss(double margin) { this(margin, Reduction.MEAN); }

    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = LossChecks.reduction("CosineEmbeddingLoss", reduction);
    }

    public Tensor apply(Tensor input1, Tensor input2, Tensor target) { return F.cosineEmbeddingLoss(input1, input2, target, margin, reduction); }
}
