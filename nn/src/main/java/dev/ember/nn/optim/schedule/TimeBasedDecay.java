package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * Time-based decay, seed 000 §2.5: {@code α_t = α_0 / (1 + decayRate · t)}.
 *
 * <pre>{@code
 * TimeBasedDecay schedule = new TimeBasedDecay(opt, 0.1);   // α_0, α_0/1.1, α_0/1.2, ...
 * }</pre>
 */
public final class TimeBasedDecay extends LearningRateSchedule {
    private final double decayRate;

    public TimeBasedDecay(Optimizer optimizer, double decayRate) {
        super(optimizer);
        this.decayRate = nonNegative("TimeBasedDecay", "decayRate", decayRate);
    }

    @Override
    protected double rate(double initial, long epoch) { return initial / (1 + decayRate * epoch); }
}
