package dev.ember.nn.functional;

import dev.ember.Generator;
import dev.ember.Tensor;

/** Inverted dropout, as PyTorch's {@code F.dropout}; the {@code Dropout} layer calls it. */
final class Dropouts {
    private Dropouts() {}

    static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        Checks.floating("dropout", "input", x);
        Checks.probability("dropout", "p", p);
        if (generator == null) throw new IllegalArgumentException("dropout: generator is null");
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        Tensor keep = generator.bernoulli(Tensor.fullLike(x, 1 - p));
        return x.mul(keep.mul(1 / (1 - p)));
    }
}
