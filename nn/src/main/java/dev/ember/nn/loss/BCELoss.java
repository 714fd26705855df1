package dev.ember.nn.loss;

import dev.ember.Tensor;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss}:
 * {@code -(y log p + (1 - y) log(1 - p))} with each log clamped at -100 as PyTorch does, so {@code p = 0} or
 * {@code 1} gives a finite loss (and a finite gradient: zero where the clamp holds). Prefer
 * {@link BCEWithLogitsLoss} on raw scores; it is exact where a sigmoid would round to 0 or 1. Probabilities
 * are not checked to lie in [0, 1], since that would read them back from the device.
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().apply(logits.sigmoid(), labels);
 * }</pre>
 */
public final class BCELoss implements Loss {
    private static final double LOG_FLOOR = -100;

    private final Reduction reduction;

    public BCELoss() { this(Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this.reduction = LossChecks.reduction("BCELoss", reduction); }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        LossChecks.sameShape("BCELoss", prediction, target);
        Tensor logP = clampedLog(prediction);
        Tensor logNotP = clampedLog(prediction.rsub(1));
        // -(y logP + (1 - y) logNotP) = -(logNotP + y (logP - logNotP))
        return reduction.reduce(logNotP.add(target.mul(logP.sub(logNotP))).neg());
    }

    /**
     * {@code max(log x, -100)}. Zeros are replaced before the log, not after: a log of 0 would make the
     * backward pass compute {@code 0 / 0} even where the clamp passes no gradient.
     */
    private static Tensor clampedLog(Tensor x) {
        Tensor notPositive = x.le(0);
        return x.maskedFill(notPositive, 1).log().maskedFill(notPositive, LOG_FLOOR).clampMin(LOG_FLOOR);
    }
}
