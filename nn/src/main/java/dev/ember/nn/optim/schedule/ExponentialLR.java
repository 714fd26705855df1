package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * PyTorch's {@code ExponentialLR}: {@code α_t = α_0 γ^t} (the seeds' {@link ExponentialDecay} with
 * {@code γ = e^-decayRate}).
 *
 * <pre>{@code
 * ExponentialLR schedule = new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public final class ExponentialLR extends LearningRateSchedule {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = nonNegative("ExponentialLR", "gamma", gamma);
    }

    @Override
    protected double rate(double initial, long epoch) { return initial * Math.pow(gamma, epoch); }
}
