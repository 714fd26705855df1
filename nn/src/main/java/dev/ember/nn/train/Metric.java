package dev.ember.nn.train;

import dev.ember.Tensor;

/**
 * A number computed from a whole epoch's predictions and targets, e.g. {@code Metrics::accuracy} or
 * {@code (p, t) -> Metrics.f1(p, t, 10)}.
 */
@FunctionalInterface
public interface Metric {
    double compute(Tensor predictions, Tensor targets);
}
