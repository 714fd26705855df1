package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Power-average pooling of {@code [N, C, H, W]}, as PyTorch's {@code nn.LPPool2d}: each window gives
 * {@code (sum x^p)^(1/p)}, the L2 norm of the window for the default {@code p = 2}. As in PyTorch, {@code x^p} is
 * not taken in absolute value, so odd {@code p} on negative sums gives NaN; no padding.
 *
 * <pre>{@code
 * Tensor y = new LpPool2d(2).forward(x);        // L2 pooling over 2x2 windows
 * }</pre>
 */
public final class LpPool2d extends Pool2d {
    private final double p;

    /** L2 pooling, stride equal to the window. */
    public LpPool2d(int kernel) { this(2, kernel, kernel); }

    public LpPool2d(double p, int kernel) { this(p, kernel, kernel); }

    public LpPool2d(double p, int kernel, int stride) { this(p, Conv2d.square(kernel), Conv2d.square(stride)); }

    /** (height, width) pairs; {@code stride} null: the window's size. */
    public LpPool2d(double p, int[] kernel, int[] stride) {
        super(kernel, stride, new int[] {0, 0});
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("LpPool2d: power p must be positive and finite, got " + p);
        }
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.lpPool2d(x, p, kernel, stride);
    }

    public double power() { return p; }

    @Override
    protected String describe() { return "LpPool2d(p=" + p + ", " + settings() + ")"; }
}
