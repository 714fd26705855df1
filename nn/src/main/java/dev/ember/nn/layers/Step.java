package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The Heaviside step elementwise: 1 where {@code x > 0}, else 0 (the perceptron's activation). Its derivative is 0
 * everywhere it exists, so nothing trains through it; use it at the output of a perceptron trained by its own
 * rule, or for inference.
 *
 * <pre>{@code
 * Tensor fired = new Step().forward(x.matmul(w).add(b));   // 0 or 1
 * }</pre>
 */
public final class Step extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.step(); }
}
