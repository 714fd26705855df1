package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * Returns its input unchanged, as PyTorch's {@code nn.Identity}: a placeholder where a model's shape asks for a
 * layer (a skipped block, a removed head).
 *
 * <pre>{@code
 * Module head = keepHead ? new Linear(512, 10) : new Identity();
 * }</pre>
 */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) { return x; }
}
