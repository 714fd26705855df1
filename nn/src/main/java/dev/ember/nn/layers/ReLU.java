package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code max(0, x)} elementwise, as PyTorch's {@code nn.ReLU}; derivative 1 where {@code x > 0}, else 0 (0 at 0,
 * as PyTorch).
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * }</pre>
 */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.relu(); }
}
