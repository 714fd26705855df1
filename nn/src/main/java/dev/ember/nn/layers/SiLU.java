package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x * sigmoid(x)} (swish), as PyTorch's {@code nn.SiLU}.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(64, 64), new SiLU(), new Linear(64, 10));
 * }</pre>
 */
public final class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.silu(); }
}
