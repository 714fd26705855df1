package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Multi-class hinge loss, as PyTorch's {@code nn.MultiMarginLoss}: for scores {@code [N, C]} and class indices
 * {@code [N]}, each example gives {@code sum over i != y of w[y] max(0, margin - x[y] + x[i])^p / C}; defaults
 * p 1, margin 1, no class weights.
 *
 * <pre>{@code
 * Tensor loss = new MultiMarginLoss().apply(scores, labels);   // the multi-class SVM loss
 * }</pre>
 */
public final class MultiMarginLoss implements Loss {
    private final int p;
    private final double margin;
    private final Tensor weight;
    private final Reduction reduction;

    public MultiMarginLoss() { this(1, 1.0, null, Reduction.MEAN); }

    /** {@code p} 1 or 2; {@code weight} null or one per class. */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        if (p != 1 && p != 2) throw new IllegalArgumentException("MultiMarginLoss: p must be 1 or 2, got " + p);
        this.p = p;
        this.margin = margin;
        this.weight = weight;
        this.reduction = LossChecks.reduction("MultiMarginLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) { return F.multiMarginLoss(prediction, target, p, margin, weight, reduction); }
}
