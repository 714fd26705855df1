package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.function.UnaryOperator;

/**
 * A change to a batch's inputs (targets pass through), as torchvision's transforms: {@link ToFloat},
 * {@link Normalize}, and every {@link Augmentation}. A transform is a {@code UnaryOperator<Batch>}, so a
 * {@link DataLoader} takes it as its transform, and transforms chain in order with {@link Compose} or
 * {@link #then}.
 *
 * <pre>{@code
 * Transform prepare = Compose.of(new ToFloat(1 / 255.0), RandomFlip.horizontal(0.5, gen),
 *         new Normalize(new double[] {0.2860}, new double[] {0.3530}));          // transforms.Compose([...])
 * DataLoader train = DataLoader.builder(data.train()).batchSize(64).transform(prepare).build();
 * Transform scaleOnly = x -> x.mul(2);                                          // a lambda is a transform too
 * }</pre>
 */
@FunctionalInterface
public interface Transform extends UnaryOperator<Batch> {
    /** Changes a batch's inputs; returns a new tensor. */
    Tensor transform(Tensor inputs);

    @Override
    default Batch apply(Batch batch) { return new Batch(transform(batch.inputs()), batch.targets()); }

    /** This transform, then {@code next}. */
    default Transform then(Transform next) { return Compose.of(this, next); }
}
