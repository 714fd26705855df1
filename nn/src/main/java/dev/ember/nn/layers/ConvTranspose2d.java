package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
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
public final class ConvTranspose2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int groups;
    private final int[] dilation;
    private final Parameter weight;
    private final Parameter bias;

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
                bias ? Init.pytorchBias(out / Math.max(groups, 1) * kernel * kernel) : null, Generator.defaultGenerator());
    }

    /**
     * Every setting, each a (height, width) pair, in PyTorch's order.
     *
     * @param biasInit null: no bias
     */
    public ConvTranspose2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding, int groups,
                           int[] dilation, Initializer weightInit, Initializer biasInit, Generator generator) {
        String who = "ConvTranspose2d";
        this.in = Arguments.atLeast(who, "in channels", in, 1);
        this.out = Arguments.atLeast(who, "out channels", out, 1);
        this.kernel = Arguments.pair(who, "kernel", kernel, 1);
        this.stride = Arguments.pair(who, "stride", stride, 1);
        this.padding = Arguments.pair(who, "padding", padding, 0);
        this.outputPadding = Arguments.pair(who, "outputPadding", outputPadding, 0);
        this.groups = Arguments.atLeast(who, "groups", groups, 1);
        this.dilation = Arguments.pair(who, "dilation", dilation, 1);
        for (int i = 0; i < 2; i++) Arguments.outputPadding(who, this.outputPadding[i], this.stride[i], this.dilation[i]);
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(who + ": in (" + in + ") and out (" + out + ") channels must both divide into "
                    + groups + " groups");
        }
        weight = parameter("weight", Init.create(weightInit, generator, in, out / groups, kernel[0], kernel[1]));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
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
        if (x.rank() != 4 || x.size(1) != in) throw wrongShape("[N, " + in + ", H, W]", x);
        return F.convTranspose2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, outputPadding, groups, dilation);
    }

    /** {@code [in, out/groups, kH, kW]}, PyTorch's layout. */
    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder("ConvTranspose2d(").append(in).append(", ").append(out)
                .append(", kernel=").append(Arguments.hw(kernel));
        if (stride[0] != 1 || stride[1] != 1) s.append(", stride=").append(Arguments.hw(stride));
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Arguments.hw(padding));
        if (outputPadding[0] != 0 || outputPadding[1] != 0) s.append(", outputPadding=").append(Arguments.hw(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Arguments.hw(dilation));
        if (bias == null) s.append(", bias=false");
        return s.append(')').toString();
    }

    /** {@link ConvTranspose2d}'s settings by name. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int[] kernel;
        private int[] stride = {1, 1};
        private int[] padding = {0, 0};
        private int[] outputPadding = {0, 0};
        private int groups = 1;
        private int[] dilation = {1, 1};
        private boolean bias = true;
        private Initializer weightInit = Init.pytorchDefault();
        private Initializer biasInit;
        private Generator generator = Generator.defaultGenerator();

        private Builder(int in, int out, int[] kernel) {
            this.in = in;
            this.out = out;
            this.kernel = Arguments.pair("ConvTranspose2d", "kernel", kernel, 1);
        }

        public Builder stride(int s) { return stride(s, s); }

        public Builder stride(int h, int w) { stride = new int[] {h, w}; return this; }

        public Builder padding(int p) { return padding(p, p); }

        public Builder padding(int h, int w) { padding = new int[] {h, w}; return this; }

        public Builder outputPadding(int p) { return outputPadding(p, p); }

        public Builder outputPadding(int h, int w) { outputPadding = new int[] {h, w}; return this; }

        public Builder groups(int g) { groups = g; return this; }

        public Builder dilation(int d) { return dilation(d, d); }

        public Builder dilation(int h, int w) { dilation = new int[] {h, w}; return this; }

        /** false: no bias parameter (PyTorch's {@code bias=False}). */
        public Builder bias(boolean b) { bias = b; return this; }

        public Builder weightInit(Initializer init) { weightInit = init; return this; }

        /** The bias initialiser (PyTorch's default: uniform on {@code +-1/sqrt(fanIn)}). */
        public Builder biasInit(Initializer init) { biasInit = init; return this; }

        public Builder generator(Generator g) { generator = g; return this; }

        public ConvTranspose2d build() {
            Initializer b = !bias ? null : biasInit != null ? biasInit : Init.pytorchBias(out / Math.max(groups, 1) * kernel[0] * kernel[1]);
            return new ConvTranspose2d(in, out, kernel, stride, padding, outputPadding, groups, dilation, weightInit, b, generator);
        }
    }
}
