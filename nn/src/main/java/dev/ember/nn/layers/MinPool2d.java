package dev.ember.nn.layers;

import dev.ember.Tensor;

/**
 * The minimum of each window of {@code [N, C, H, W]}, computed as {@code -maxPool(-x)}; padded positions never
 * win. PyTorch has no such layer; the settings are {@link MaxPool2d}'s.
 *
 * <pre>{@code
 * Tensor darkest = new MinPool2d(2).forward(x);
 * }</pre>
 */
public final class MinPool2d extends Pool2d {
    public MinPool2d(int kernel) { this(kernel, kernel, 0); }

    public MinPool2d(int kernel, int stride) { this(kernel, stride, 0); }

    public MinPool2d(int kernel, int stride, int padding) {
        super(Conv2d.square(kernel), Conv2d.square(stride), Conv2d.square(padding));
    }

    /** (height, width) pairs; {@code stride} null: the window's size. */
    public MinPool2d(int[] kernel, int[] stride, int[] padding) { super(kernel, stride, padding); }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return x.neg().maxPool2dWithIndices(geometry()).values().neg();
    }
}
