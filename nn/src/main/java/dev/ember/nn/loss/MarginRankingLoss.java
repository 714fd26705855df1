package dev.ember.nn.loss;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Ranking hinge, as PyTorch's {@code nn.MarginRankingLoss}: {@code max(0, -y (x1 - x2) + margin)} with
 * {@code y = 1} where {@code x1} should rank higher and {@code -1} where lower; default margin 0. It takes three
 * inputs, so it is not a two-input {@link Loss}.
 *
 * <pre>{@code
 * Tensor loss = new MarginRankingLoss(0.1).apply(scoreA, scoreB, aIsBetter);   // aIsBetter: ±1
 * }</pre>
 */
public final class MarginRankingLoss {
    private final double margin;
    private final Reduction reduction;

    public MarginRankingLoss() { this(0); }

    public MarginRankingLoss(double margin) { this(margin, Reduction.MEAN); }

    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = LossChecks.reduction("MarginRankingLoss", reduction);
    }

    public Tensor apply(Tensor input1, Tensor input2, Tensor target) { return F.marginRankingLoss(input1, input2, target, margin, reduction); }
}
