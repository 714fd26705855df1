package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * PyTorch's {@code StepLR}: {@code α_t = α_0 γ^floor(t / stepSize)}, the rate multiplied by {@code gamma} every
 * {@code stepSize} epochs (the seeds' {@link StepDecay} with PyTorch's argument order).
 *
 * <pre>{@code
 * StepLR schedule = new StepLR(opt, 1, 0.7);   // the MNIST example: 0.7 times the rate after every epoch
 * }</pre>
 */
public final class StepLR extends LearningRateSchedule {
    private final int stepSize;
    private final double gamma;

    /** {@code gamma = 0.1}, PyTorch's default. */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("StepLR: stepSize must be > 0, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = nonNegative("StepLR", "gamma", gamma);
    }

    @Override
    protected double rate(double initial, long epoch) { return initial * Math.pow(gamma, Math.floorDiv(epoch, stepSize)); }
}
