package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code scale * elu(x, alpha)} with the self-normalising constants alpha = 1.6732632423543772 and scale =
 * 1.0507009873554805, as PyTorch's {@code nn.SELU}.
 *
 * <pre>{@code
 * Tensor h = new SELU().forward(x);
 * }</pre>
 */
public final class SELU extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.selu(); }
}
