package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * One logistic loss per label, averaged over the labels, as PyTorch's {@code nn.MultiLabelSoftMarginLoss}:
 * {@code -mean_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c))} for scores and 0/1 targets
 * {@code [N, C]}.
 *
 * <pre>{@code
 * Tensor loss = new MultiLabelSoftMarginLoss().apply(tagScores, tags);   // several tags per example
 * }</pre>
 */
public final class MultiLabelSoftMarginLoss implements Loss {
    private final Tensor weight;
    private final Reduction reduction;

    public MultiLabelSoftMarginLoss() { this(null, Reduction.MEAN); }

    /** {@code weight}: null or one per class. */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        this.weight = weight;
        this.reduction = LossChecks.reduction("MultiLabelSoftMarginLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) { return F.multilabelSoftMarginLoss(prediction, target, weight, reduction); }
}
