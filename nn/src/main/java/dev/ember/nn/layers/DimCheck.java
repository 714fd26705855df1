package dev.ember.nn.layers;

import dev.ember.Shape;
import dev.ember.Tensor;

/** The input check of layers that act along a dim: the dim (negative counts from the end) must exist. */
final class DimCheck {
    private DimCheck() {}

    static void require(String layer, int dim, Tensor x) {
        int needed = dim >= 0 ? dim + 1 : -dim;
        if (x.rank() < needed) {
            throw new IllegalArgumentException(layer + ": expected input with at least " + needed + " dims, got "
                    + Shape.str(x.shape()));
        }
    }
}
