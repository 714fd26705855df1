package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Hinge loss for binary classification with targets -1 and +1: {@code max(0, margin - target * score)} reduced,
 * the SVM loss on raw scores. (PyTorch has no loss of this form; it is {@code torch.clamp(margin - y * x,
 * min=0).mean()}.) Target values are not checked, since that would read them back from the device.
 *
 * <pre>{@code
 * Tensor loss = new HingeLoss().apply(scores, labelsPlusMinusOne);
 * }</pre>
 */
public final class HingeLoss implements Loss {
    private final double margin;
    private final Reduction reduction;

    public HingeLoss() { this(1.0, Reduction.MEAN); }

    public HingeLoss(double margin, Reduction reduction) {
        if (!Double.isFinite(margin)) throw new IllegalArgumentException("HingeLoss: margin must be finite, got " + margin);
        this.margin = margin;
        this.reduction = LossChecks.reduction("HingeLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("HingeLoss", prediction, target);
        return reduction.reduce(prediction.mul(target).rsub(margin).relu());
    }
}
