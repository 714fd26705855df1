package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The hyperbolic tangent elementwise, as PyTorch's {@code nn.Tanh}; derivative {@code 1 - tanh^2}.
 *
 * <pre>{@code
 * Tensor h = new Tanh().forward(x);               // values in (-1, 1)
 * }</pre>
 */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.tanh(); }
}
