package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Kullback-Leibler divergence, PyTorch's {@code nn.KLDivLoss}: the input is log-probabilities, the target
 * probabilities (or log-probabilities with {@code logTarget}); pointwise {@code t (log t - input)}, taken as 0
 * where {@code t = 0}. {@link Reduction#BATCHMEAN} gives the divergence per example, the mathematically
 * meaningful value; {@link Reduction#MEAN} (PyTorch's default) averages over every element.
 *
 * <pre>{@code
 * Tensor kl = new KLDivLoss(Reduction.BATCHMEAN).apply(student.logSoftmax(1), teacher.softmax(1));
 * }</pre>
 */
public final class KLDivLoss implements Loss {
    private final Reduction reduction;
    private final boolean logTarget;

    public KLDivLoss() { this(Reduction.MEAN, false); }

    public KLDivLoss(Reduction reduction) { this(reduction, false); }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        this.reduction = LossChecks.reduction("KLDivLoss", reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("KLDivLoss", prediction, target);
        if (logTarget) return reduction.reduce(target.exp().mul(target.sub(prediction)));
        // t log t with t = 0 read as 0: the log sees 1 there, so neither value nor gradient becomes 0 * -inf
        Tensor positive = target.gt(0);
        Tensor logT = target.maskedFill(positive.logicalNot(), 1).log();
        return reduction.reduce(target.mul(logT.sub(prediction)));
    }
}
