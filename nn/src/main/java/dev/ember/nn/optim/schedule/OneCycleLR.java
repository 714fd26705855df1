package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

import java.util.Objects;

/**
 * PyTorch's {@code OneCycleLR}, stepped after every batch: the rate rises from {@code maxLr / divFactor} to
 * {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then falls to
 * {@code maxLr / (divFactor finalDivFactor)} (with {@code threePhase}, back to the start first, then lower), along
 * cosines or lines. Made, it sets the optimizer's rate to the start. The optimizer's own rate is not used. The
 * momentum is not cycled (PyTorch's {@code cycle_momentum=False}). Step it {@code totalSteps} times at most; the
 * last step, after the last batch, gives the final rate where PyTorch extrapolates past it.
 *
 * <pre>{@code
 * OneCycleLR schedule = new OneCycleLR(opt, 0.1, epochs * loader.batchesPerEpoch());
 * trainer.schedulePerBatch(schedule);
 * }</pre>
 */
public final class OneCycleLR extends LearningRateSchedule {
    /** How the rate moves within a phase. */
    public enum Anneal { COS, LINEAR }

    private final double maxLr;
    private final int totalSteps;
    private final Anneal anneal;
    private final double initialLr;
    private final double minLr;
    private final double[] phaseEnds;
    private final double[] phaseStarts;
    private final double[] phaseTargets;

    /** PyTorch's defaults: 30% rising, cosine, {@code divFactor} 25, {@code finalDivFactor} 1e4, two phases. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false);
    }

    /** PyTorch's {@code OneCycleLR(optimizer, max_lr, total_steps, pct_start, anneal_strategy, div_factor, final_div_factor, three_phase)}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, Anneal anneal, double divFactor,
                      double finalDivFactor, boolean threePhase) {
        super(optimizer);
        this.maxLr = nonNegative("OneCycleLR", "maxLr", maxLr);
        if (totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: totalSteps must be > 0, got " + totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + pctStart);
        if (!(divFactor > 0) || !(finalDivFactor > 0)) {
            throw new IllegalArgumentException("OneCycleLR: divFactor and finalDivFactor must be > 0, got " + divFactor + " and " + finalDivFactor);
        }
        this.totalSteps = totalSteps;
        this.anneal = Objects.requireNonNull(anneal, "OneCycleLR: anneal is null");
        this.initialLr = maxLr / divFactor;
        this.minLr = initialLr / finalDivFactor;
        if (threePhase) {
            phaseEnds = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            phaseStarts = new double[] {initialLr, maxLr, initialLr};
            phaseTargets = new double[] {maxLr, initialLr, minLr};
        } else {
            phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
            phaseStarts = new double[] {initialLr, maxLr};
            phaseTargets = new double[] {maxLr, minLr};
        }
        applyRate();
    }

    /** Per batch: {@code epochs * stepsPerEpoch} steps in all. */
    public static OneCycleLR ofEpochs(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch) {
        return new OneCycleLR(optimizer, maxLr, Math.multiplyExact(epochs, stepsPerEpoch));
    }

    @Override
    protected double rate(double initial, long step) {
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + step + " times; the schedule has " + totalSteps + " steps");
        }
        if (step == totalSteps) return minLr;
        double start = 0;
        for (int i = 0; i < phaseEnds.length; i++) {
            double end = phaseEnds[i];
            if (step <= end || i == phaseEnds.length - 1) {
                double pct = (step - start) / (end - start);
                return anneal == Anneal.COS
                        ? phaseTargets[i] + (phaseStarts[i] - phaseTargets[i]) / 2 * (Math.cos(Math.PI * pct) + 1)
                        : (phaseTargets[i] - phaseStarts[i]) * pct + phaseStarts[i];
            }
            start = end;
        }
        throw new AssertionError();
    }
}
