package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.functional.F;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * Transposed 2-D convolution, PyTorch's {@code nn.ConvTranspose2d}: {@code [N, C, H, W]} with
 * {@code weight [C, M/groups, kH, kW]} (PyTorch's layout and key names) and {@code bias [M]} gives
 * {@code [N, M, H', W']}, each size {@link #outputSize}. It upsamples as the gradient of a {@link Conv2d} with the
 * same geometry does, and runs as one (see {@link Tensor#convTranspose2d}). Initialised as PyTorch does (fan-in
 * {@code M/groups * kH * kW}) unless initialisers are given.
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(64, 32, 4, 2, 1);           // DCGAN: doubles height and width
 * Tensor y = up.forward(z);                                          // [N, 64, 7, 7] -> [N, 32, 14, 14]
 * ConvTranspose2d plain = ConvTranspose2d.builder(64, 1, 4).stride(2).padding(1).bias(false).build();
 * }</pre>
 */
public final class ConvTranspose2d extends ConvLayer {
    public ConvTranspose2d(int in, int out, int kernel) { this(in, out, kernel, 1, 0); }

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding) { this(in, out, kernel, stride, padding, true); }

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, padding, 0, 1, bias, 1);
    }

    /** PyTorch's {@code ConvTranspose2d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, int groups, boolean bias,
                           int dilation) {
        this(in, out, Conv2d.square(kernel), Conv2d.square(stride), Conv2d.square(padding), Conv2d.square(outputPadding),
                groups, Conv2d.square(dilation), Init.pytorchDefault(),
                bias ? Init.pytorchBias(fanIn(out, groups, kernel, kernel)) : null, Generator.defaultGenerator());
    }

    /**
     * Every setting, each a (height, width) pair, in PyTorch's order.
     *
     * @param biasInit null: no bias
     */
    public ConvTranspose2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding, int groups,
                           int[] dilation, Initializer weightInit, Initializer biasInit, Generator generator) {
        super("ConvTranspose2d", 2, in, out, kernel, stride, padding, outputPadding, groups, dilation, weightInit, biasInit,
                generator);
    }

    /** Settings by name; unset ones are PyTorch's defaults (stride 1, no padding, one group, a bias). */
    public static Builder builder(int in, int out, int kernel) { return new Builder(in, out, Conv2d.square(kernel)); }

    /** As {@link #builder(int, int, int)} with a (height, width) kernel. */
    public static Builder builder(int in, int out, int[] kernel) { return new Builder(in, out, kernel); }

    /**
     * One spatial size of the output: {@code (n - 1) s - 2p + d (k - 1) + outputPadding + 1}, the size whose
     * convolution with the same geometry gives {@code n} again (plus outputPadding).
     */
    public static int outputSize(int n, int k, int s, int p, int outputPadding, int d) {
        return Math.toIntExact(((long) n - 1) * s - 2L * p + (long) d * (k - 1) + outputPadding + 1);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.convTranspose2d(x, weight().value(), biasValue(), stride, padding, outputPadding, groups, dilation);
    }

    /** {@link ConvTranspose2d}'s settings by name. */
    public static final class Builder extends Builder2d<Builder> {
        private int[] outputPadding = {0, 0};

        private Builder(int in, int out, int[] kernel) { super(in, out, Arguments.pair("ConvTranspose2d", "kernel", kernel, 1)); }

        public Builder outputPadding(int p) { return outputPadding(p, p); }

        public Builder outputPadding(int h, int w) { outputPadding = new int[] {h, w}; return this; }

        public ConvTranspose2d build() {
            return new ConvTranspose2d(in, out, kernel, stride, padding, outputPadding, groups, dilation, weightInit,
                    biasInitOrDefault(fanIn(out, groups, kernel)), generator);
        }
    }
}
