package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The logistic function {@code 1 / (1 + e^-x)} elementwise, as PyTorch's {@code nn.Sigmoid}; derivative {@code s(1
 * - s)}.
 *
 * <pre>{@code
 * Tensor p = new Sigmoid().forward(logits);      // probabilities in (0, 1)
 * }</pre>
 */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.sigmoid(); }
}
