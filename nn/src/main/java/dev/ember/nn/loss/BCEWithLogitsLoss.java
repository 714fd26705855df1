package dev.ember.nn.loss;

import dev.ember.Autocast;
import dev.ember.Shape;
import dev.ember.Tensor;

/**
 * Binary cross-entropy on logits (sigmoid and BCE in one), PyTorch's {@code nn.BCEWithLogitsLoss}, in the
 * stable form {@code max(x, 0) - x y + log(1 + e^-|x|)}, finite with finite gradients at any logit. The first
 * and last terms are taken together as {@link Tensor#softplus()} (whose kernel computes exactly them), so the
 * gradient at {@code x = 0} is {@code sigmoid(0) - y} rather than what the kinks of max and abs would give. With
 * {@code posWeight} (broadcast over the last dim, one weight per binary label) the positive term is scaled:
 * {@code (1 - y) x + (1 + (posWeight - 1) y)(log(1 + e^-|x|) + max(-x, 0))}, as PyTorch computes it.
 *
 * <pre>{@code
 * // 1 positive in 4: weigh positives 3x
 * Tensor loss = new BCEWithLogitsLoss(Tensor.of(new float[] {3f}, 1), Reduction.MEAN).apply(logits, labels);
 * }</pre>
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Tensor posWeight;
    private final Reduction reduction;

    public BCEWithLogitsLoss() { this(null, Reduction.MEAN); }

    public BCEWithLogitsLoss(Reduction reduction) { this(null, reduction); }

    /** {@code posWeight}: null, or a floating tensor broadcastable against the logits (usually {@code [labels]}). */
    public BCEWithLogitsLoss(Tensor posWeight, Reduction reduction) {
        if (posWeight != null) LossChecks.floating("BCEWithLogitsLoss", "posWeight", posWeight);
        this.posWeight = posWeight;
        this.reduction = LossChecks.reduction("BCEWithLogitsLoss", reduction);
    }

    @Override
    public Tensor apply(Tensor prediction, Tensor target) {
        prediction = Autocast.cast("loss", prediction);
        target = Autocast.cast("loss", target);
        LossChecks.sameShape("BCEWithLogitsLoss", prediction, target);
        if (posWeight == null) return reduction.reduce(prediction.softplus().sub(prediction.mul(target)));
        int[] shape = Shape.broadcast("BCEWithLogitsLoss (posWeight with logits)", posWeight.shape(), prediction.shape());
        if (!java.util.Arrays.equals(shape, prediction.shape())) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: posWeight " + Shape.str(posWeight.shape())
                    + " would broadcast logits " + Shape.str(prediction.shape()) + " to " + Shape.str(shape));
        }
        Tensor negativeTerm = target.rsub(1).mul(prediction);
        Tensor logWeight = posWeight.sub(1).mul(target).add(1);
        return reduction.reduce(negativeTerm.add(logWeight.mul(prediction.neg().softplus())));
    }
}
