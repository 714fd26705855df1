package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * The mean of each window of {@code [N, C, H, W]}, as PyTorch's {@code nn.AvgPool2d}. As there, padded zeros
 * count in the mean unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * Tensor y = new AvgPool2d(2).forward(x);      // [N, C, 28, 28] -> [N, C, 14, 14]
 * }</pre>
 */
public final class AvgPool2d extends Pool2d {
    private final boolean countIncludePad;

    /** Stride equal to the window, no padding. */
    public AvgPool2d(int kernel) { this(kernel, kernel, 0); }

    public AvgPool2d(int kernel, int stride) { this(kernel, stride, 0); }

    public AvgPool2d(int kernel, int stride, int padding) {
        this(Conv2d.square(kernel), Conv2d.square(stride), Conv2d.square(padding), true);
    }

    /** (height, width) pairs; {@code stride} null: the window's size. */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        super(kernel, stride, padding);
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.avgPool2d(x, kernel, stride, padding, countIncludePad);
    }

    @Override
    protected String describe() {
        return "AvgPool2d(" + settings() + (countIncludePad ? "" : ", countIncludePad=false") + ")";
    }
}
