package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Power-average pooling of {@code [N, C, L]}, as PyTorch's {@code nn.LPPool1d}: each window gives
 * {@code (sum x^p)^(1/p)}; as in PyTorch, {@code x^p} is not taken in absolute value; no padding.
 *
 * <pre>{@code
 * Tensor y = new LpPool1d(2, 3).forward(x);        // L2 pooling over windows of 3
 * }</pre>
 */
public final class LpPool1d extends Pool1d {
    private final double p;

    /** Stride equal to the window. */
    public LpPool1d(double p, int kernel) { this(p, kernel, kernel); }

    public LpPool1d(double p, int kernel, int stride) {
        super(kernel, stride, 0);
        if (!(p > 0) || Double.isInfinite(p)) throw new IllegalArgumentException("LpPool1d: power p must be positive and finite, got " + p);
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.lpPool1d(x, p, kernel, stride);
    }

    public double power() { return p; }

    @Override
    protected String describe() { return "LpPool1d(p=" + p + ", " + settings() + ")"; }
}
