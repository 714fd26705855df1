package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The Heaviside step elementwise: 1 where {@code x > 0}, 0 where {@code x < 0}, and {@code valueAtZero} at 0
 * ({@link Tensor#heaviside(double)}). {@code new Step()} gives 0 at 0, as {@code torch.heaviside(x, 0)}; the seeds'
 * neurons fire when the sum reaches the threshold ({@code g(z) = 1 if z >= 0}), which is {@code new Step(1)}. Its
 * derivative is 0 everywhere it exists, so nothing trains through it; use it at the output of a perceptron trained
 * by its own rule ({@code dev.ember.nn.classic.Perceptron}), or for inference.
 *
 * <pre>{@code
 * Tensor fired = new Step(1).forward(x.matmul(w).add(b));   // 0 or 1; 1 where the sum is exactly 0
 * }</pre>
 */
public final class Step extends Module {
    private final double valueAtZero;

    /** 0 at 0 ({@code x > 0} fires). */
    public Step() { this(0); }

    /** {@code valueAtZero} at 0: 1 for the seeds' {@code z >= 0}. */
    public Step(double valueAtZero) {
        if (!Double.isFinite(valueAtZero)) throw new IllegalArgumentException("Step: the value at zero must be finite, got " + valueAtZero);
        this.valueAtZero = valueAtZero;
    }

    public double valueAtZero() { return valueAtZero; }

    @Override
    public Tensor forward(Tensor x) { return valueAtZero == 0 ? x.step() : x.heaviside(valueAtZero); }

    @Override
    protected String describe() { return valueAtZero == 0 ? "Step()" : "Step(valueAtZero=" + valueAtZero + ")"; }
}
