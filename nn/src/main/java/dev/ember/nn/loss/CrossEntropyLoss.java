package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.Arrays;

/**
 * Cross-entropy on logits, PyTorch's {@code nn.CrossEntropyLoss}: log-softmax over the class dim (dim 1, or 0
 * for unbatched {@code [C]}) followed by
 * <ul>
 *   <li>with integer class indices {@code [N]} / {@code [N, d...]}: the negative log-likelihood of the target
 *   class, as {@link NLLLoss} (class weights give the mean {@code sum(w_y l) / sum(w_y)}, {@code ignoreIndex}
 *   targets count for nothing);</li>
 *   <li>with floating class probabilities of the logits' shape: {@code -sum_c w_c t_c log p_c}, the mean taken
 *   over all positions.</li>
 * </ul>
 * Label smoothing {@code ε} mixes the target with the uniform distribution: {@code (1 - ε) t + ε / C}. Stable at
 * any logit, since log-softmax never forms {@code e^x} of a large {@code x}.
 *
 * <pre>{@code
 * Tensor loss = new CrossEntropyLoss().apply(model.forward(images), labels);   // logits [N, 10], labels [N]
 * }</pre>
 */
public final class CrossEntropyLoss implements Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;
    private final Reduction reduction;

    public CrossEntropyLoss() { this(null, NLLLoss.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }

    public CrossEntropyLoss(Reduction reduction) { this(null, NLLLoss.DEFAULT_IGNORE_INDEX, 0, reduction); }

    /** Class weights ({@code [C]}, floating), for imbalanced classes. */
    public CrossEntropyLoss(Tensor weight) { this(weight, NLLLoss.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }

    /**
     * @param weight         null, or one floating weight per class ({@code [C]})
     * @param ignoreIndex    class index whose targets count for nothing (PyTorch's default -100)
     * @param labelSmoothing in [0, 1]
     */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        if (weight != null && weight.rank() != 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: class weights must be 1-D [C], got shape " + Shape.str(weight.shape()));
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
        this.reduction = LossChecks.reduction("CrossEntropyLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.floating("CrossEntropyLoss", "logits", prediction);
        if (prediction.rank() == 0) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits must have a class dim ([C] or [N, C, d...]), got shape []");
        }
        int classDim = prediction.rank() == 1 ? 0 : 1;
        Tensor logProbs = prediction.logSoftmax(classDim);
        if (ClassIndexLoss.isClassIndices(target)) {
            return ClassIndexLoss.apply("CrossEntropyLoss", logProbs, target, weight, ignoreIndex, labelSmoothing, reduction);
        }
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits " + Shape.str(prediction.shape())
                    + " need class indices of the shape without the class dim, or probabilities of the same shape; got "
                    + target.dtype() + " target " + Shape.str(target.shape()));
        }
        LossChecks.sameShape("CrossEntropyLoss", prediction, target);
        int c = prediction.size(classDim);
        Tensor w = LossChecks.classWeights("CrossEntropyLoss", weight, c);
        Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / c) : target;
        Tensor terms = logProbs.mul(t);
        if (w != null) terms = terms.mul(classDim == 0 ? w : w.reshape(ClassIndexLoss.classDimShape(prediction.rank(), c)));
        return reduction.reduce(terms.sum(classDim).neg());
    }
}
