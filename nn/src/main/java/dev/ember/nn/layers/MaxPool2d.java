package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * The maximum of each window of {@code [N, C, H, W]}, as PyTorch's {@code nn.MaxPool2d}; padded positions never
 * win. The gradient goes to each window's maximum.
 *
 * <pre>{@code
 * Tensor y = new MaxPool2d(2).forward(x);      // [N, C, 28, 28] -> [N, C, 14, 14]
 * }</pre>
 */
public final class MaxPool2d extends Pool2d {
    /** Stride equal to the window, no padding. */
    public MaxPool2d(int kernel) { this(kernel, kernel, 0); }

    public MaxPool2d(int kernel, int stride) { this(kernel, stride, 0); }

    public MaxPool2d(int kernel, int stride, int padding) {
        super(Conv2d.square(kernel), Conv2d.square(stride), Conv2d.square(padding));
    }

    /** (height, width) pairs; {@code stride} null: the window's size. */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding) { super(kernel, stride, padding); }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.maxPool2d(x, kernel, stride, padding);
    }
}
