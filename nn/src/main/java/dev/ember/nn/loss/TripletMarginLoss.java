package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Triplet loss, as PyTorch's {@code nn.TripletMarginLoss}: {@code max(0, margin + d(a, p) - d(a, n))} with the
 * p-norm pairwise distance; defaults margin 1, p 2, eps 1e-6, no swap (with swap, {@code d(a, n)} becomes
 * {@code min(d(a, n), d(p, n))}). It takes three inputs, so it is not a two-input {@link Loss}.
 *
 * <pre>{@code
 * Tensor loss = new TripletMarginLoss().apply(anchor, positive, negative);   // each [N, D]
 * }</pre>
 */
public final class TripletMarginLoss {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;
    private final Reduction reduction;

    public TripletMarginLoss() { this(1.0, 2, 1e-6, false, Reduction.MEAN); }

    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
        this.reduction = LossChecks.reduction("TripletMarginLoss", reduction);
    }

    public Tensor apply(Tensor anchor, Tensor positive, Tensor negative) {
        return F.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
}
