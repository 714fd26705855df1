package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.functional.F;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code nn.Conv2d}) of {@code [N, C, H, W]} with
 * {@code weight [M, C/groups, kH, kW]} and {@code bias [M]}, giving {@code [N, M, H', W']} where each spatial
 * size is {@link #outputSize(int, int, int, int, int)}. Initialised as PyTorch does unless initialisers are given.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 3, 1, 1);            // 3x3, stride 1, 'same' padding
 * Tensor features = conv.forward(images);              // [64, 1, 28, 28] -> [64, 32, 28, 28]
 * }</pre>
 */
public final class Conv2d extends ConvLayer {
    public Conv2d(int in, int out, int kernel) { this(in, out, kernel, 1, 0); }

    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1, true);
    }

    /** {@code bias} false: no bias parameter (PyTorch's {@code bias=False}), without spelling out dilation and groups. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, padding, 1, 1, bias);
    }

    /**
     * Settings by name; unset ones are PyTorch's defaults (stride 1, no padding or dilation, one group, a bias):
     * <pre>{@code
     * Conv2d conv = Conv2d.builder(64, 128, 3).stride(2).padding(1).bias(false).build();
     * }</pre>
     */
    public static Builder builder(int in, int out, int kernel) { return new Builder(in, out, kernel); }

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        this(in, out, square(kernel), square(stride), square(padding), square(dilation), groups,
                Init.pytorchDefault(), bias ? Init.pytorchBias(fanIn(in, groups, kernel, kernel)) : null,
                Generator.defaultGenerator());
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, Initializer weightInit, Initializer biasInit) {
        this(in, out, square(kernel), square(stride), square(padding), square(1), 1, weightInit, biasInit,
                Generator.defaultGenerator());
    }

    /**
     * Every setting, each a (height, width) pair.
     *
     * @param biasInit null: no bias
     */
    public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
                  Initializer weightInit, Initializer biasInit, Generator generator) {
        super("Conv2d", 2, in, out, kernel, stride, padding, null, groups, dilation, weightInit, biasInit, generator);
    }

    /**
     * One spatial size of a convolution's (or pooling's) output, seed 000's {@code N' = (N - F + 2P) / S + 1}
     * rounded down; below 1 when the window does not fit.
     */
    public static int outputSize(int n, int f, int p, int s) { return outputSize(n, f, p, s, 1); }

    /** As {@link #outputSize(int, int, int, int)} with the kernel dilated to {@code d*(F-1) + 1}. */
    public static int outputSize(int n, int f, int p, int s, int d) {
        return Math.floorDiv(n - (d * (f - 1) + 1) + 2 * p, s) + 1;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.conv2d(x, weight().value(), biasValue(), stride, padding, dilation, groups);
    }

    static int[] square(int v) { return new int[] {v, v}; }

    /** {@link Conv2d}'s settings by name. */
    public static final class Builder extends Builder2d<Builder> {
        private Builder(int in, int out, int kernel) { super(in, out, square(kernel)); }

        /** A (height, width) kernel in place of the square one. */
        public Builder kernel(int h, int w) { kernel[0] = h; kernel[1] = w; return this; }

        public Conv2d build() {
            return new Conv2d(in, out, kernel, stride, padding, dilation, groups, weightInit,
                    biasInitOrDefault(fanIn(in, groups, kernel)), generator);
        }
    }
}
