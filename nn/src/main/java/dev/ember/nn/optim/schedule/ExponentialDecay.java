package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * Exponential decay, seed 000 §2.5: {@code α_t = α_0 · e^(-decayRate · t)} (PyTorch's {@code ExponentialLR}
 * with {@code gamma = e^-decayRate}).
 *
 * <pre>{@code
 * ExponentialDecay schedule = new ExponentialDecay(opt, 0.05);
 * }</pre>
 */
public final class ExponentialDecay extends LearningRateSchedule {
    private final double decayRate;

    public ExponentialDecay(Optimizer optimizer, double decayRate) {
        super(optimizer);
        this.decayRate = nonNegative("ExponentialDecay", "decayRate", decayRate);
    }

    @Override
    protected double rate(double initial, long epoch) { return initial * Math.exp(-decayRate * epoch); }
}
