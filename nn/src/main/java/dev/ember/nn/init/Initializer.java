package dev.ember.nn.init;

import dev.ember.Generator;
import dev.ember.Tensor;

/** Makes a layer's starting tensor of a given shape from a generator. {@link Init} has the usual ones. */
@FunctionalInterface
public interface Initializer {
    /** A new float32 tensor of {@code shape}, not requiring grad. */
    Tensor create(Generator generator, int... shape);
}
