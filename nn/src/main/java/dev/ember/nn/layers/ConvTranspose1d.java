package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.functional.F;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * Transposed 1-D convolution, PyTorch's {@code nn.ConvTranspose1d}: {@code [N, C, L]} with
 * {@code weight [C, M/groups, k]} and {@code bias [M]} gives {@code [N, M, L']} with
 * {@code L' = }{@link ConvTranspose2d#outputSize}. Initialised as PyTorch does unless initialisers are given.
 *
 * <pre>{@code
 * ConvTranspose1d up = new ConvTranspose1d(16, 8, 4, 2, 1);   // [N, 16, 50] -> [N, 8, 100]
 * ConvTranspose1d plain = ConvTranspose1d.builder(16, 8, 3).outputPadding(1).stride(2).bias(false).build();
 * }</pre>
 */
public final class ConvTranspose1d extends ConvLayer {
    public ConvTranspose1d(int in, int out, int kernel) { this(in, out, kernel, 1, 0); }

    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding) { this(in, out, kernel, stride, padding, true); }

    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, padding, 0, 1, bias, 1);
    }

    /** PyTorch's {@code ConvTranspose1d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, int outputPadding, int groups, boolean bias,
                           int dilation) {
        this(in, out, kernel, stride, padding, outputPadding, groups, dilation, Init.pytorchDefault(),
                bias ? Init.pytorchBias(fanIn(out, groups, kernel)) : null, Generator.defaultGenerator());
    }

    /** Every setting, in PyTorch's order; {@code biasInit} null: no bias. */
    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, int outputPadding, int groups, int dilation,
                           Initializer weightInit, Initializer biasInit, Generator generator) {
        super("ConvTranspose1d", 1, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {outputPadding}, groups, new int[] {dilation}, weightInit, biasInit, generator);
    }

    /** Settings by name; unset ones are PyTorch's defaults (stride 1, no padding, one group, a bias). */
    public static Builder builder(int in, int out, int kernel) { return new Builder(in, out, kernel); }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.convTranspose1d(x, weight().value(), biasValue(), stride[0], padding[0], outputPadding[0], groups, dilation[0]);
    }

    /** {@link ConvTranspose1d}'s settings by name. */
    public static final class Builder extends Builder1d<Builder> {
        private int outputPadding;

        private Builder(int in, int out, int kernel) { super(in, out, kernel); }

        public Builder outputPadding(int p) { outputPadding = p; return this; }

        public ConvTranspose1d build() {
            return new ConvTranspose1d(in, out, kernel, stride, padding, outputPadding, groups, dilation, weightInit,
                    biasInitOrDefault(fanIn(out, groups, kernel)), generator);
        }
    }
}
