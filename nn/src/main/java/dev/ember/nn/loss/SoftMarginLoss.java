package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Two-class logistic loss on scores with targets ±1, as PyTorch's {@code nn.SoftMarginLoss}:
 * {@code log(1 + exp(-target * score))}.
 *
 * <pre>{@code
 * Tensor loss = new SoftMarginLoss().apply(scores, labelsPlusMinusOne);
 * }</pre>
 */
public final class SoftMarginLoss implements Loss {
    private final Reduction reduction;

    public SoftMarginLoss() { this(Reduction.MEAN); }

    public SoftMarginLoss(Reduction reduction) { this.reduction = LossChecks.reduction("SoftMarginLoss", reduction); }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) { return F.softMarginLoss(prediction, target, reduction); }
}
