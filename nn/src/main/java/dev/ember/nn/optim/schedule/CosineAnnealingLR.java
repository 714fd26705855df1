package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * PyTorch's {@code CosineAnnealingLR} under its name, in the closed form (PyTorch's recursive form gives the same
 * rates up to rounding): {@code α_t = η_min + (α_0 - η_min)(1 + cos(π t / tMax)) / 2}, down to {@code η_min} at
 * {@code t = tMax} and back up beyond. {@link CosineAnnealing} is the same schedule under its older name.
 *
 * <pre>{@code
 * CosineAnnealingLR schedule = new CosineAnnealingLR(opt, epochs);        // eta_min 0
 * }</pre>
 */
public final class CosineAnnealingLR extends LearningRateSchedule {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be > 0, got " + tMax);
        this.tMax = tMax;
        this.etaMin = nonNegative("CosineAnnealingLR", "etaMin", etaMin);
    }

    @Override
    protected double rate(double initial, long epoch) { return cosine(initial, etaMin, epoch, tMax); }

    static double cosine(double initial, double etaMin, long epoch, int tMax) {
        return etaMin + (initial - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
