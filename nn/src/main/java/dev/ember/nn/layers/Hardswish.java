package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x * hardsigmoid(x)}, as PyTorch's {@code nn.Hardswish} (MobileNetV3); derivative {@code x/3 + 1/2} on
 * [-3, 3], 0 below, 1 above.
 *
 * <pre>{@code
 * Tensor h = new Hardswish().forward(x);
 * }</pre>
 */
public final class Hardswish extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.hardswish(); }
}
