package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * The mean of each window of {@code [N, C, L]}, as PyTorch's {@code nn.AvgPool1d}. As there, padded zeros count
 * in the mean unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * Tensor y = new AvgPool1d(4).forward(x);      // [N, C, 100] -> [N, C, 25]
 * }</pre>
 */
public final class AvgPool1d extends Pool1d {
    private final boolean countIncludePad;

    /** Stride equal to the window, no padding. */
    public AvgPool1d(int kernel) { this(kernel, kernel, 0); }

    public AvgPool1d(int kernel, int stride) { this(kernel, stride, 0); }

    public AvgPool1d(int kernel, int stride, int padding) { this(kernel, stride, padding, true); }

    public AvgPool1d(int kernel, int stride, int padding, boolean countIncludePad) {
        super(kernel, stride, padding);
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.avgPool1d(x, kernel, stride, padding, countIncludePad);
    }

    @Override
    protected String describe() {
        return "AvgPool1d(" + settings() + (countIncludePad ? "" : ", countIncludePad=false") + ")";
    }
}
