package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.backend.PoolGeometry;

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
        if (!countIncludePad || (padding[0] == 0 && padding[1] == 0)) return x.avgPool2d(geometry());
        // the engine's average leaves padding out; padding with real zeros first counts them, as PyTorch does
        Tensor padded = zeroPad(x, padding[0], padding[1]);
        return padded.avgPool2d(new PoolGeometry(kernel[0], kernel[1], stride[0], stride[1], 0, 0));
    }

    @Override
    protected String describe() {
        return "AvgPool2d(" + settings() + (countIncludePad ? "" : ", countIncludePad=false") + ")";
    }
}
