package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x} where {@code x > 0}, else {@code alpha * (e^x - 1)}, as PyTorch's {@code nn.ELU} (default alpha 1):
 * smooth below zero, saturating at {@code -alpha}.
 *
 * <pre>{@code
 * Tensor h = new ELU().forward(x);
 * }</pre>
 */
public final class ELU extends Module {
    private final double alpha;

    public ELU() { this(1); }

    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) { return x.elu(alpha); }

    public double alpha() { return alpha; }

    @Override
    protected String describe() { return "ELU(alpha=" + alpha + ")"; }
}
