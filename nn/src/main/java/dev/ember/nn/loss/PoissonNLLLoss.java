package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Poisson negative log-likelihood of counts, as PyTorch's {@code nn.PoissonNLLLoss}: with {@code logInput}
 * (default) the prediction is a log-rate and the loss {@code exp(x) - y x}; otherwise a rate and
 * {@code x - y log(x + eps)}; {@code full} adds Stirling's approximation of {@code log(y!)}.
 *
 * <pre>{@code
 * Tensor loss = new PoissonNLLLoss().apply(logRates, counts);
 * }</pre>
 */
public final class PoissonNLLLoss implements Loss {
    private final boolean logInput;
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    public PoissonNLLLoss() { this(true, false, 1e-8, Reduction.MEAN); }

    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
        this.reduction = LossChecks.reduction("PoissonNLLLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) { return F.poissonNllLoss(prediction, target, logInput, full, eps, reduction); }
}
