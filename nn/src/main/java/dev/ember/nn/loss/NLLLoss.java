package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Tensor;

/**
 * Negative log-likelihood, PyTorch's {@code nn.NLLLoss}: from log-probabilities {@code [N, C]} or
 * {@code [N, C, d...]} (for example {@code logSoftmax(1)} of logits) and class indices {@code [N]} or
 * {@code [N, d...]} (int32 or int64), {@code -input[n, target[n]]} reduced. Class weights make the mean
 * {@code sum(w_y l) / sum(w_y)}; targets equal to {@code ignoreIndex} (default -100) count for nothing.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().apply(logits.logSoftmax(1), labels);
 * }</pre>
 */
public final class NLLLoss implements Loss {
    /** PyTorch's default {@code ignore_index}. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private final Tensor weight;
    private final long ignoreIndex;
    private final Reduction reduction;

    public NLLLoss() { this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    public NLLLoss(Reduction reduction) { this(null, DEFAULT_IGNORE_INDEX, reduction); }

    /** {@code weight}: null, or one floating weight per class ({@code [C]}). */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        if (weight != null && weight.rank() != 1) {
            throw new IllegalArgumentException("NLLLoss: class weights must be 1-D [C], got shape " + dev.ember.Shape.str(weight.shape()));
        }
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.reduction = LossChecks.reduction("NLLLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        return ClassIndexLoss.apply("NLLLoss", prediction, target, weight, ignoreIndex, 0, reduction);
    }
}
