package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Connectionist temporal classification, as PyTorch's {@code nn.CTCLoss}: the negative log-probability of a
 * label sequence summed over all its alignments with the input frames. Defaults: blank 0, reduction MEAN (each
 * loss divided by its target length, then the batch mean), zeroInfinity false.
 *
 * <pre>{@code
 * Tensor logProbs = model.forward(audio).logSoftmax(2);           // [T, N, C]
 * Tensor loss = new CTCLoss().apply(logProbs, targets, inputLengths, targetLengths);   // targets [N, S]
 * }</pre>
 */
public final class CTCLoss {
    private final int blank;
    private final Reduction reduction;
    private final boolean zeroInfinity;

    public CTCLoss() { this(0, Reduction.MEAN, false); }

    /** {@code zeroInfinity}: an impossible alignment (target longer than the input allows) gives 0 and no gradient, not +inf. */
    public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
        if (blank < 0) throw new IllegalArgumentException("CTCLoss: blank must be >= 0, got " + blank);
        this.blank = blank;
        this.reduction = LossChecks.reduction("CTCLoss", reduction);
        this.zeroInfinity = zeroInfinity;
    }

    /** {@code targets}: padded {@code [N, S]} or concatenated 1-D; one input and one target length per example. */
    public Tensor apply(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** Lengths as integer tensors, as PyTorch takes them. */
    public Tensor apply(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return apply(logProbs, targets, inputLengths.toIntArray(), targetLengths.toIntArray());
    }
}
