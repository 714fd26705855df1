package dev.ember.nn.loss;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.Arrays;

/**
 * Negative log-likelihood of the target class from log-probabilities {@code [N, C, d...]} (or {@code [C]}) and
 * integer class indices {@code [N, d...]} (or a scalar), shared by {@link NLLLoss} and {@link CrossEntropyLoss}.
 * Follows PyTorch's {@code nll_loss} and its label smoothing: targets equal to {@code ignoreIndex} count for
 * nothing; with class weights {@code w} the mean is {@code sum(w_y l) / sum(w_y)} over the counted elements.
 */
final class ClassIndexLoss {
    private ClassIndexLoss() {}

    static Tensor apply(String loss, Tensor logProbs, Tensor target, Tensor weight, long ignoreIndex,
                        double labelSmoothing, Reduction reduction) {
        LossChecks.floating(loss, "input", logProbs);
        LossChecks.sameDevice(loss, logProbs, target);
        if (!target.dtype().isInteger()) {
            throw new IllegalArgumentException(loss + ": class-index targets must be int32 or int64, got " + target.dtype()
                    + " of shape " + Shape.str(target.shape()));
        }
        if (logProbs.rank() == 0) {
            throw new IllegalArgumentException(loss + ": input must have a class dim ([C] or [N, C, d...]), got shape []");
        }
        boolean unbatched = logProbs.rank() == 1;
        int[] expected = expectedTargetShape(logProbs.shape());
        if (!Arrays.equals(expected, target.shape())) {
            throw new IllegalArgumentException(loss + ": input " + Shape.str(logProbs.shape()) + " needs class indices of shape "
                    + Shape.str(expected) + ", got target " + Shape.str(target.shape()));
        }
        Tensor input = unbatched ? logProbs.unsqueeze(0) : logProbs;
        Tensor classes = unbatched ? target.unsqueeze(0) : target;
        int c = input.size(1);
        Tensor w = LossChecks.classWeights(loss, weight, c);

        Tensor counted = classes.ne(ignoreIndex);
        Tensor safeClasses = Tensor.where(counted, classes, Tensor.zerosLike(classes));
        Tensor picked;
        try {
            picked = input.gather(1, safeClasses.unsqueeze(1)).squeeze(1);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(loss + ": a target class index is outside [0, " + c + ") (input "
                    + Shape.str(logProbs.shape()) + "): " + e.getMessage(), e);
        }
        Tensor countedAsFloat = counted.to(input.dtype());
        Tensor targetWeight = w == null ? countedAsFloat
                : w.indexSelect(0, safeClasses.flatten()).reshape(classes.shape()).mul(countedAsFloat);
        Tensor perElement = picked.neg().mul(targetWeight);
        Tensor smooth = null;
        if (labelSmoothing > 0) {
            Tensor weighted = w == null ? input : input.mul(w.reshape(classDimShape(input.rank(), c)));
            smooth = weighted.sum(1).neg().mul(countedAsFloat).mul(labelSmoothing / c);
            perElement = perElement.mul(1 - labelSmoothing);
        }
        Tensor result = switch (reduction) {
            case NONE -> {
                Tensor r = smooth == null ? perElement : perElement.add(smooth);
                yield unbatched ? r.squeeze(0) : r;
            }
            case MEAN -> (smooth == null ? perElement.sum() : perElement.sum().add(smooth.sum())).div(targetWeight.sum());
            case SUM, BATCHMEAN -> reduction.reduce(smooth == null ? perElement : perElement.add(smooth));
        };
        return result;
    }

    /** The input's shape without its class dim (dim 1, or dim 0 when unbatched). */
    private static int[] expectedTargetShape(int[] inputShape) {
        if (inputShape.length == 1) return new int[0];
        int[] out = new int[inputShape.length - 1];
        out[0] = inputShape[0];
        System.arraycopy(inputShape, 2, out, 1, inputShape.length - 2);
        return out;
    }

    /** {@code [1, C, 1, ...]}: class weights lined up with dim 1. */
    static int[] classDimShape(int rank, int classes) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = classes;
        return shape;
    }

    static boolean isClassIndices(Tensor target) {
        return target.dtype().isInteger() || target.dtype() == DType.BOOL;
    }
}
