package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x} where {@code x > 0}, else {@code alpha * (e^(x/alpha) - 1)}, as PyTorch's {@code nn.CELU} (default
 * alpha 1): elu made continuously differentiable for any alpha.
 *
 * <pre>{@code
 * Tensor h = new CELU(0.5).forward(x);
 * }</pre>
 */
public final class CELU extends Module {
    private final double alpha;

    public CELU() { this(1); }

    public CELU(double alpha) {
        if (alpha == 0 || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("CELU: alpha must be finite and non-zero, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) { return x.celu(alpha); }

    public double alpha() { return alpha; }

    @Override
    protected String describe() { return "CELU(alpha=" + alpha + ")"; }
}
