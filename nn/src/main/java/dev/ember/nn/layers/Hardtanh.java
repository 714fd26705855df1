package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code clamp(x, minVal, maxVal)}, as PyTorch's {@code nn.Hardtanh} (default -1, 1); derivative 1 strictly inside,
 * 0 at the bounds and beyond.
 *
 * <pre>{@code
 * Tensor h = new Hardtanh(-2, 2).forward(x);
 * }</pre>
 */
public final class Hardtanh extends Module {
    private final double min;
    private final double max;

    public Hardtanh() { this(-1, 1); }

    public Hardtanh(double minVal, double maxVal) {
        if (!(minVal < maxVal)) {
            throw new IllegalArgumentException("Hardtanh: minVal must be less than maxVal, got " + minVal + " and " + maxVal);
        }
        this.min = minVal;
        this.max = maxVal;
    }

    @Override
    public Tensor forward(Tensor x) { return x.hardtanh(min, max); }

    public double minVal() { return min; }

    public double maxVal() { return max; }

    @Override
    protected String describe() { return "Hardtanh(minVal=" + min + ", maxVal=" + max + ")"; }
}
