package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.functional.F;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * 1-D convolution (cross-correlation, as PyTorch's {@code nn.Conv1d}) of {@code [N, C, L]} with
 * {@code weight [M, C/groups, k]} and {@code bias [M]}, giving {@code [N, M, L']} with
 * {@code L' = }{@link Conv2d#outputSize(int, int, int, int, int)}. Initialised as PyTorch does unless
 * initialisers are given.
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(8, 16, 5, 1, 2);            // kernel 5, stride 1, padding 2
 * Tensor y = conv.forward(signals);                    // [N, 8, 100] -> [N, 16, 100]
 * }</pre>
 */
public final class Conv1d extends ConvLayer {
    public Conv1d(int in, int out, int kernel) { this(in, out, kernel, 1, 0); }

    public Conv1d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 1, 1, true);
    }

    /** {@code bias} false: no bias parameter (PyTorch's {@code bias=False}), without spelling out dilation and groups. */
    public Conv1d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, padding, 1, 1, bias);
    }

    /**
     * Settings by name; unset ones are PyTorch's defaults (stride 1, no padding or dilation, one group, a bias):
     * <pre>{@code
     * Conv1d conv = Conv1d.builder(64, 128, 3).stride(2).padding(1).bias(false).build();
     * }</pre>
     */
    public static Builder builder(int in, int out, int kernel) { return new Builder(in, out, kernel); }

    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        this(in, out, kernel, stride, padding, dilation, groups, Init.pytorchDefault(),
                bias ? Init.pytorchBias(fanIn(in, groups, kernel)) : null, Generator.defaultGenerator());
    }

    public Conv1d(int in, int out, int kernel, int stride, int padding, Initializer weightInit, Initializer biasInit) {
        this(in, out, kernel, stride, padding, 1, 1, weightInit, biasInit, Generator.defaultGenerator());
    }

    /** Every setting; {@code biasInit} null: no bias. */
    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
                  Initializer weightInit, Initializer biasInit, Generator generator) {
        super("Conv1d", 1, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, null, groups,
                new int[] {dilation}, weightInit, biasInit, generator);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return F.conv1d(x, weight().value(), biasValue(), stride[0], padding[0], dilation[0], groups);
    }

    /** {@link Conv1d}'s settings by name. */
    public static final class Builder extends Builder1d<Builder> {
        private Builder(int in, int out, int kernel) { super(in, out, kernel); }

        public Conv1d build() {
            return new Conv1d(in, out, kernel, stride, padding, dilation, groups, weightInit,
                    biasInitOrDefault(fanIn(in, groups, kernel)), generator);
        }
    }
}
