package dev.ember.nn.loss;

import dev.ember.Tensor;

/** A training objective: a scalar (or per-example values with reduction none) from predictions and targets. */
@FunctionalInterface
public interface Loss {
    Tensor apply(Tensor prediction, Tensor target);
}
