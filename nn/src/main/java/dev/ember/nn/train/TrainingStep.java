package dev.ember.nn.train;

import dev.ember.Tensor;
import dev.ember.nn.data.Batch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of training on one batch, written by the user, for {@link Trainer#step} and the {@link Trainer}
 * constructor that takes one: what Keras calls overriding {@code train_step}. It does its own forward, backward
 * and optimizer steps (a GAN's two optimizers in turn, a loss weighted per example) and returns the batch's loss,
 * optionally the predictions for the trainer's metrics, and any other values to record. The trainer still sets
 * train or eval mode, turns gradients on (off for validation), frees the batch's temporaries, and keeps the
 * progress bar, history, checkpoints and early stopping. As a validation step ({@link Trainer#validationStep}) it
 * runs without gradients and must not step an optimizer.
 *
 * <pre>{@code
 * TrainingStep weighted = batch -> {
 *     Tensor perExample = lossNone.apply(model.forward(batch.inputs()), batch.targets());   // reduction NONE
 *     Tensor loss = perExample.mul(weightsOf(batch)).mean();
 *     optimizer.zeroGrad();
 *     loss.backward();
 *     optimizer.step();
 *     return TrainingStep.Result.of(loss);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TrainingStep {
    Result apply(Batch batch);

    /**
     * What one step reports: the batch's {@code loss} (averaged per example over the epoch, as the trainer's own
     * loss is), {@code predictions} for the metrics (null when the step makes none), and more named values, each
     * recorded per epoch as its per-example mean ({@code val_<name>} in validation).
     */
    record Result(double loss, Tensor predictions, Map<String, Double> values) {
        public Result {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The loss of a scalar tensor. */
        public static Result of(Tensor loss) { return of(loss, null); }

        /** The loss of a scalar tensor and the predictions the metrics read. */
        public static Result of(Tensor loss, Tensor predictions) {
            if (loss.numel() != 1) {
                throw new IllegalArgumentException("TrainingStep.Result: the loss must be a scalar (reduction mean or sum), got shape "
                        + dev.ember.Shape.str(loss.shape()));
            }
            return new Result(loss.item(), predictions, Map.of());
        }

        /** This result with one more value to record, e.g. {@code with("g_loss", gLoss.item())}. */
        public Result with(String name, double value) {
            Map<String, Double> more = new LinkedHashMap<>(values);
            more.put(name, value);
            return new Result(loss, predictions, more);
        }
    }
}
