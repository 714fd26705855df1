package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Mean squared error, {@code (prediction - target)^2} reduced: PyTorch's {@code nn.MSELoss}. Prediction and
 * target must have the same shape.
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().apply(model.forward(x), y);
 * }</pre>
 */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { this.reduction = LossChecks.reduction("MSELoss", reduction); }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("MSELoss", prediction, target);
        Tensor d = prediction.sub(target);
        return reduction.reduce(d.mul(d));
    }
}
