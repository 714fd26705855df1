package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Autograd;
import dev.ember.Shape;
import dev.ember.Tensor;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code nn.BCELoss}:
 * {@code -(y log p + (1 - y) log(1 - p))} with each log clamped at -100 as PyTorch does, so {@code p = 0} or
 * {@code 1} gives a finite loss (and a finite gradient: zero where the clamp holds). Prefer
 * {@link BCEWithLogitsLoss} on raw scores; it is exact where a sigmoid would round to 0 or 1. As in PyTorch, a
 * prediction outside [0, 1] (or NaN) is refused: its log would be NaN, or a clamped -100 that hides the mistake.
 * The check reads one count back from the device per call.
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
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("BCELoss", prediction, target);
        requireProbabilities(prediction);
        Tensor logP = clampedLog(prediction);
        Tensor logNotP = clampedLog(prediction.rsub(1));
        // -(y logP + (1 - y) logNotP) = -(logNotP + y (logP - logNotP))
        return reduction.reduce(logNotP.add(target.mul(logP.sub(logNotP))).neg());
    }

    private static void requireProbabilities(Tensor p) {
        try (var noGrad = Autograd.noGrad()) {
            Tensor outside = p.ge(0.0).logicalAnd(p.le(1.0)).logicalNot();   // NaN compares false: outside
            long count = (long) outside.sum().item();
            if (count == 0) return;
            double first = p.maskedSelect(outside).toDoubleArray()[0];
            throw new IllegalArgumentException("BCELoss: all elements of input should be between 0 and 1, but " + count
                    + " of the prediction's " + p.numel() + " (shape " + Shape.str(p.shape()) + ") are not, the first "
                    + first + "; apply sigmoid() first, or use BCEWithLogitsLoss on raw scores");
        }
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
