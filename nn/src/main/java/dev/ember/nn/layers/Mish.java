package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x * tanh(softplus(x))}, as PyTorch's {@code nn.Mish}.
 *
 * <pre>{@code
 * Tensor h = new Mish().forward(x);
 * }</pre>
 */
public final class Mish extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.mish(); }
}
