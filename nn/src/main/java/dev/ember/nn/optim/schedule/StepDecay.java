package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * Step decay, seed 000 §2.5 with the exponent taken whole so the rate drops in steps:
 * {@code α_t = α_0 · dropRate^floor(t / epochsPerDrop)} (PyTorch's {@code StepLR} with {@code gamma = dropRate}).
 *
 * <pre>{@code
 * StepDecay schedule = new StepDecay(opt, 0.5, 10);   // halves every 10 epochs
 * }</pre>
 */
public final class StepDecay extends LearningRateSchedule {
    private final double dropRate;
    private final int epochsPerDrop;

    public StepDecay(Optimizer optimizer, double dropRate, int epochsPerDrop) {
        super(optimizer);
        this.dropRate = nonNegative("StepDecay", "dropRate", dropRate);
        if (epochsPerDrop <= 0) throw new IllegalArgumentException("StepDecay: epochsPerDrop must be > 0, got " + epochsPerDrop);
        this.epochsPerDrop = epochsPerDrop;
    }

    @Override
    protected double rate(double initial, long epoch) { return initial * Math.pow(dropRate, Math.floorDiv(epoch, epochsPerDrop)); }
}
