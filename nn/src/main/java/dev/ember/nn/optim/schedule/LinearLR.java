package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * PyTorch's {@code LinearLR}: the rate's factor moves linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs and stays there, {@code α_t = α_0 (s + (e - s) min(t, T) / T)}. With
 * {@code startFactor < 1} a warm-up: chain it with {@link SequentialLR}. Made, it sets the optimizer's rate to
 * {@code α_0 startFactor}, as PyTorch.
 *
 * <pre>{@code
 * LinearLR warmup = new LinearLR(opt, 0.1, 1.0, 5);   // 10% of the rate, up to all of it over 5 epochs
 * }</pre>
 */
public final class LinearLR extends LearningRateSchedule {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: from a third of the rate to all of it over 5 epochs. */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1] and endFactor in [0, 1], got "
                    + startFactor + " and " + endFactor);
        }
        if (totalIters <= 0) throw new IllegalArgumentException("LinearLR: totalIters must be > 0, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        applyRate();
    }

    @Override
    protected double rate(double initial, long epoch) {
        return initial * (startFactor + (endFactor - startFactor) * Math.min(epoch, totalIters) / totalIters);
    }
}
