package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * The maximum of each window of {@code [N, C, L]}, as PyTorch's {@code nn.MaxPool1d}; padded positions never win.
 *
 * <pre>{@code
 * Tensor y = new MaxPool1d(3, 2).forward(x);   // [N, C, 101] -> [N, C, 50]
 * }</pre>
 */
public final class MaxPool1d extends Pool1d {
    /** Stride equal to the window, no padding. */
    public MaxPool1d(int kernel) { this(kernel, kernel, 0); }

    public MaxPool1d(int kernel, int stride) { this(kernel, stride, 0); }

    public MaxPool1d(int kernel, int stride, int padding) { super(kernel, stride, padding); }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.maxPool1d(x, kernel, stride, padding);
    }
}
