package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Huber loss, PyTorch's {@code nn.HuberLoss}: with {@code a = |prediction - target|}, {@code a^2 / 2} where
 * {@code a < delta} and {@code delta (a - delta / 2)} beyond, so large errors count linearly.
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss(1.0).apply(prediction, target);
 * }</pre>
 */
public final class HuberLoss implements Loss {
    private final double delta;
    private final Reduction reduction;

    public HuberLoss() { this(1.0); }

    public HuberLoss(double delta) { this(delta, Reduction.MEAN); }

    public HuberLoss(double delta, Reduction reduction) {
        if (!(delta > 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("HuberLoss: delta must be finite and > 0, got " + delta);
        this.delta = delta;
        this.reduction = LossChecks.reduction("HuberLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("HuberLoss", prediction, target);
        Tensor a = prediction.sub(target).abs();
        // one branch-free form of both pieces: with q = min(a, delta), q^2/2 + delta (a - q)
        Tensor q = a.clampMax(delta);
        return reduction.reduce(q.mul(q).mul(0.5).add(a.sub(q).mul(delta)));
    }

    public double delta() { return delta; }
}
