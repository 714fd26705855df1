package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.List;

/**
 * Transforms applied in order, as torchvision's {@code transforms.Compose}; any {@link Transform} goes in, the
 * {@link Augmentation}s included.
 *
 * <pre>{@code
 * Transform t = Compose.of(new ToFloat(1 / 255.0), new Normalize(new double[] {0.5}, new double[] {0.5}));
 * }</pre>
 */
public record Compose(List<Transform> steps) implements Transform {
    public Compose {
        steps = List.copyOf(steps);   // throws on a null step
    }

    public static Compose of(Transform... steps) { return new Compose(List.of(steps)); }

    @Override
    public Tensor transform(Tensor inputs) {
        Tensor x = inputs;
        for (Transform t : steps) x = t.transform(x);
        return x;
    }
}
