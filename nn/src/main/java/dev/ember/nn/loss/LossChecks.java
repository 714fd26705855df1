package dev.ember.nn.loss;

import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.Arrays;
import java.util.Objects;

/** The argument checks losses share; every message names the loss and the shapes or dtypes involved. */
final class LossChecks {
    private LossChecks() {}

    static void sameShape(String loss, Tensor prediction, Tensor target) {
        Objects.requireNonNull(prediction, loss + ": prediction is null");
        Objects.requireNonNull(target, loss + ": target is null");
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction " + Shape.str(prediction.shape()) + " and target "
                    + Shape.str(target.shape()) + " must have the same shape");
        }
        floating(loss, "prediction", prediction);
        floating(loss, "target", target);
        sameDevice(loss, prediction, target);
    }

    static void floating(String loss, String what, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": " + what + " must be a floating tensor, got " + t.dtype()
                    + " of shape " + Shape.str(t.shape()));
        }
    }

    static void sameDevice(String loss, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(loss + ": prediction is on " + a.device() + " but target is on " + b.device());
        }
    }

    /** A 1-D floating tensor of {@code classes} values, or null. */
    static Tensor classWeights(String loss, Tensor weight, int classes) {
        if (weight == null) return null;
        if (weight.rank() != 1 || weight.size(0) != classes || !weight.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": class weights must be a floating tensor of shape [" + classes
                    + "], got " + weight.dtype() + " " + Shape.str(weight.shape()));
        }
        return weight;
    }

    static Reduction reduction(String loss, Reduction reduction) {
        return Objects.requireNonNull(reduction, loss + ": reduction is null");
    }
}
