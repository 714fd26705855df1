package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
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
public final class ConvTranspose1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final int groups;
    private final int dilation;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose1d(int in, int out, int kernel) { this(in, out, kernel, 1, 0); }

    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding) { this(in, out, kernel, stride, padding, true); }

    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(in, out, kernel, stride, padding, 0, 1, bias, 1);
    }

    /** PyTorch's {@code ConvTranspose1d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}. */
    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, int outputPadding, int groups, boolean bias,
                           int dilation) {
        this(in, out, kernel, stride, padding, outputPadding, groups, dilation, Init.pytorchDefault(),
                bias ? Init.pytorchBias(out / Math.max(groups, 1) * kernel) : null, Generator.defaultGenerator());
    }

    /** Every setting, in PyTorch's order; {@code biasInit} null: no bias. */
    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, int outputPadding, int groups, int dilation,
                           Initializer weightInit, Initializer biasInit, Generator generator) {
        String who = "ConvTranspose1d";
        this.in = Arguments.atLeast(who, "in channels", in, 1);
        this.out = Arguments.atLeast(who, "out channels", out, 1);
        this.kernel = Arguments.atLeast(who, "kernel", kernel, 1);
        this.stride = Arguments.atLeast(who, "stride", stride, 1);
        this.padding = Arguments.atLeast(who, "padding", padding, 0);
        this.outputPadding = Arguments.atLeast(who, "outputPadding", outputPadding, 0);
        this.groups = Arguments.atLeast(who, "groups", groups, 1);
        this.dilation = Arguments.atLeast(who, "dilation", dilation, 1);
        Arguments.outputPadding(who, outputPadding, stride, dilation);
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(who + ": in (" + in + ") and out (" + out + ") channels must both divide into "
                    + groups + " groups");
        }
        weight = parameter("weight", Init.create(weightInit, generator, in, out / groups, kernel));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
    }

    /** Settings by name; unset ones are PyTorch's defaults (stride 1, no padding, one group, a bias). */
    public static Builder builder(int in, int out, int kernel) { return new Builder(in, out, kernel); }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != in) throw wrongShape("[N, " + in + ", L]", x);
        return F.convTranspose1d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, outputPadding, groups, dilation);
    }

    /** {@code [in, out/groups, k]}, PyTorch's layout. */
    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder("ConvTranspose1d(").append(in).append(", ").append(out).append(", kernel=").append(kernel);
        if (stride != 1) s.append(", stride=").append(stride);
        if (padding != 0) s.append(", padding=").append(padding);
        if (outputPadding != 0) s.append(", outputPadding=").append(outputPadding);
        if (groups != 1) s.append(", groups=").append(groups);
        if (dilation != 1) s.append(", dilation=").append(dilation);
        if (bias == null) s.append(", bias=false");
        return s.append(')').toString();
    }

    /** {@link ConvTranspose1d}'s settings by name. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private int outputPadding;
        private int groups = 1;
        private int dilation = 1;
        private boolean bias = true;
        private Initializer weightInit = Init.pytorchDefault();
        private Initializer biasInit;
        private Generator generator = Generator.defaultGenerator();

        private Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        public Builder stride(int s) { stride = s; return this; }

        public Builder padding(int p) { padding = p; return this; }

        public Builder outputPadding(int p) { outputPadding = p; return this; }

        public Builder groups(int g) { groups = g; return this; }

        public Builder dilation(int d) { dilation = d; return this; }

        /** false: no bias parameter (PyTorch's {@code bias=False}). */
        public Builder bias(boolean b) { bias = b; return this; }

        public Builder weightInit(Initializer init) { weightInit = init; return this; }

        public Builder biasInit(Initializer init) { biasInit = init; return this; }

        public Builder generator(Generator g) { generator = g; return this; }

        public ConvTranspose1d build() {
            Initializer b = !bias ? null : biasInit != null ? biasInit : Init.pytorchBias(out / Math.max(groups, 1) * kernel);
            return new ConvTranspose1d(in, out, kernel, stride, padding, outputPadding, groups, dilation, weightInit, b, generator);
        }
    }
}
