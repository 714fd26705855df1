package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.List;

/**
 * A random change to a batch of images {@code [N, C, H, W]}, drawn independently for each image from a seeded
 * {@link dev.ember.Generator}; targets pass through unchanged. An augmentation is a {@link Transform}, so a
 * {@link DataLoader} takes it as its transform, augmentations compose in order with {@link #compose}, and they
 * mix with {@link ToFloat} and {@link Normalize} in a {@link Compose}. Apply them to the training loader only.
 *
 * <pre>{@code
 * Generator gen = new Generator(1);
 * Augmentation aug = Augmentation.compose(
 *         RandomFlip.horizontal(0.5, gen),
 *         new RandomTranslation(2, 2, gen),
 *         new RandomRotation(-10, 10, gen),
 *         new GaussianNoise(0.05, 0, 1, gen));
 * DataLoader train = DataLoader.builder(data.train()).batchSize(64).shuffle(42).transform(aug).build();
 * }</pre>
 */
public interface Augmentation extends Transform {
    /** Changes {@code images} {@code [N, C, H, W]}; returns a new tensor of the same shape and dtype. */
    Tensor augment(Tensor images);

    @Override
    default Tensor transform(Tensor inputs) { return augment(inputs); }

    /** This augmentation, then {@code next}. */
    default Augmentation then(Augmentation next) { return compose(this, next); }

    /** The augmentations applied in order. */
    static Augmentation compose(Augmentation... steps) {
        List<Augmentation> list = List.of(steps);
        return new Augmentation() {
            @Override
            public Tensor augment(Tensor images) {
                Tensor x = images;
                for (Augmentation a : list) x = a.augment(x);
                return x;
            }

            @Override
            public String toString() { return "compose" + list; }
        };
    }

    /** Checks that {@code images} is a floating {@code [N, C, H, W]} batch; {@code name} goes in the message. */
    static void checkImages(String name, Tensor images) {
        if (images.rank() != 4 || !images.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": expected floating images [N, C, H, W], got " + images.dtype() + " "
                    + java.util.Arrays.toString(images.shape()));
        }
    }
}
