package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code clamp(x/6 + 1/2, 0, 1)}, as PyTorch's {@code nn.Hardsigmoid}; derivative 1/6 strictly between -3
 * and 3, else 0.
 *
 * <pre>{@code
 * Tensor gate = new Hardsigmoid().forward(x);   // in [0, 1]
 * }</pre>
 */
public final class Hardsigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.hardsigmoid(); }
}
