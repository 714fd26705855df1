package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code min(max(x, 0), 6)}, as PyTorch's {@code nn.ReLU6}; derivative 1 strictly between 0 and 6, 0 at 0 and
 * at 6 (PyTorch's convention).
 *
 * <pre>{@code
 * Tensor h = new ReLU6().forward(x);
 * }</pre>
 */
public final class ReLU6 extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.relu6(); }
}
