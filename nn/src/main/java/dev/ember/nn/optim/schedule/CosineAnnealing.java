package dev.ember.nn.optim.schedule;

import dev.ember.nn.optim.Optimizer;

/**
 * Cosine annealing, PyTorch's {@code CosineAnnealingLR} in its closed form (also under that name, {@link CosineAnnealingLR}):
 * {@code α_t = η_min + (α_0 - η_min)(1 + cos(π t / tMax)) / 2}, from {@code α_0} down to {@code η_min} at
 * {@code t = tMax} (and back up beyond, as the closed form continues).
 *
 * <pre>{@code
 * CosineAnnealing schedule = new CosineAnnealing(opt, epochs, 0);
 * }</pre>
 */
public final class CosineAnnealing extends LearningRateSchedule {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealing(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealing: tMax must be > 0, got " + tMax);
        this.tMax = tMax;
        this.etaMin = nonNegative("CosineAnnealing", "etaMin", etaMin);
    }

    @Override
    protected double rate(double initial, long epoch) {
        return CosineAnnealingLR.cosine(initial, etaMin, epoch, tMax);
    }
}
