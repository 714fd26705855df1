package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Smooth L1 loss, as PyTorch's {@code nn.SmoothL1Loss}: with {@code d = prediction - target},
 * {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}; {@code beta = 0} is L1 and
 * {@code beta = 1} (the default) equals {@link HuberLoss} with delta 1.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss(0.5).apply(boxes, targetBoxes);
 * }</pre>
 */
public final class SmoothL1Loss implements Loss {
    private final double beta;
    private final Reduction reduction;

    public SmoothL1Loss() { this(1.0); }

    public SmoothL1Loss(double beta) { this(beta, Reduction.MEAN); }

    public SmoothL1Loss(double beta, Reduction reduction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("SmoothL1Loss: beta must be finite and >= 0, got " + beta);
        this.beta = beta;
        this.reduction = LossChecks.reduction("SmoothL1Loss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) { return F.smoothL1Loss(prediction, target, reduction, beta); }

    public double beta() { return beta; }
}
