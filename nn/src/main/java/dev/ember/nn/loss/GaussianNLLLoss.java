package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Gaussian negative log-likelihood with a predicted variance, as PyTorch's {@code nn.GaussianNLLLoss}:
 * {@code (log var + (x - y)^2 / var) / 2} with {@code var} clamped to at least {@code eps} (default 1e-6),
 * plus {@code log(2 pi) / 2} when {@code full}. It takes three inputs, so it is not a two-input {@link Loss}.
 *
 * <pre>{@code
 * Tensor loss = new GaussianNLLLoss().apply(mean, target, variance);   // variance > 0, e.g. from softplus
 * }</pre>
 */
public final class GaussianNLLLoss {
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    public GaussianNLLLoss() { this(false, 1e-6, Reduction.MEAN); }

    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        this.full = full;
        this.eps = eps;
        this.reduction = LossChecks.reduction("GaussianNLLLoss", reduction);
    }

    /** {@code var}: the prediction's shape, or without its last dim, or 1 there. */
    public Tensor apply(Tensor prediction, Tensor target, Tensor var) { return F.gaussianNllLoss(prediction, target, var, full, eps, reduction); }
}
