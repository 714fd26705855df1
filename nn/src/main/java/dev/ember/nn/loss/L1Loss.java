package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Mean absolute error (MAE), {@code |prediction - target|} reduced: PyTorch's {@code nn.L1Loss}. Prediction and
 * target must have the same shape.
 *
 * <pre>{@code
 * Tensor mae = new L1Loss().apply(prediction, target);
 * }</pre>
 */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { this.reduction = LossChecks.reduction("L1Loss", reduction); }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("L1Loss", prediction, target);
        return reduction.reduce(prediction.sub(target).abs());
    }
}
