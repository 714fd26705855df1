package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

import java.util.Arrays;

/**
 * PyTorch's {@code MultiStepLR}: the rate multiplied by {@code gamma} at each milestone epoch,
 * {@code α_t = α_0 γ^(milestones <= t)}.
 *
 * <pre>{@code
 * MultiStepLR schedule = new MultiStepLR(opt, new int[] {30, 80}, 0.1);   // 0.1 from epoch 30, 0.01 from 80
 * }</pre>
 */
public final class MultiStepLR extends LearningRateSchedule {
    private final int[] milestones;
    private final double gamma;

    /** {@code gamma = 0.1}, PyTorch's default. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    /** @param milestones epochs in increasing order; a repeated one counts twice, as in PyTorch */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        for (int i = 0; i < this.milestones.length; i++) {
            if (this.milestones[i] < 0 || (i > 0 && this.milestones[i] < this.milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be >= 0 and in increasing order, got " + Arrays.toString(milestones));
            }
        }
        this.gamma = nonNegative("MultiStepLR", "gamma", gamma);
    }

    @Override
    protected double rate(double initial, long epoch) {
        int passed = 0;
        for (int m : milestones) if (m <= epoch) passed++;
        return initial * Math.pow(gamma, passed);
    }
}
