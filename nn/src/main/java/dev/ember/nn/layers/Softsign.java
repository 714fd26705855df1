package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x / (1 + |x|)}, as PyTorch's {@code nn.Softsign}.
 *
 * <pre>{@code
 * Tensor h = new Softsign().forward(x);   // in (-1, 1)
 * }</pre>
 */
public final class Softsign extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.softsign(); }
}
