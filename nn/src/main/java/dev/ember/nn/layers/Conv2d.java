package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;
import dev.ember.nn.Parameter;
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
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

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
                Init.pytorchDefault(), bias ? Init.pytorchBias(fanIn(in, groups, square(kernel))) : null,
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
        this.in = Arguments.atLeast("Conv2d", "in channels", in, 1);
        this.out = Arguments.atLeast("Conv2d", "out channels", out, 1);
        this.kernel = Arguments.pair("Conv2d", "kernel", kernel, 1);
        this.stride = Arguments.pair("Conv2d", "stride", stride, 1);
        this.padding = Arguments.pair("Conv2d", "padding", padding, 0);
        this.dilation = Arguments.pair("Conv2d", "dilation", dilation, 1);
        this.groups = Arguments.atLeast("Conv2d", "groups", groups, 1);
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in (" + in + ") and out (" + out + ") channels must both divide into "
                    + groups + " groups");
        }
        weight = parameter("weight", Init.create(weightInit, generator, out, in / groups, kernel[0], kernel[1]));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
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
        if (x.rank() != 4 || x.size(1) != in) throw wrongShape("[N, " + in + ", H, W]", x);
        if (outputSize(x.size(2), kernel[0], padding[0], stride[0], dilation[0]) < 1
                || outputSize(x.size(3), kernel[1], padding[1], stride[1], dilation[1]) < 1) {
            throw wrongShape("[N, " + in + ", H, W] with H >= " + minInput(0) + " and W >= " + minInput(1), x);
        }
        return F.conv2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation, groups);
    }

    private int minInput(int d) { return dilation[d] * (kernel[d] - 1) + 1 - 2 * padding[d]; }

    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    static int[] square(int v) { return new int[] {v, v}; }

    private static int fanIn(int in, int groups, int[] kernel) { return in / Math.max(groups, 1) * kernel[0] * kernel[1]; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder("Conv2d(").append(in).append(", ").append(out)
                .append(", kernel=").append(Arguments.hw(kernel));
        if (stride[0] != 1 || stride[1] != 1) s.append(", stride=").append(Arguments.hw(stride));
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Arguments.hw(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Arguments.hw(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=false");
        return s.append(')').toString();
    }

    /** {@link Conv2d}'s settings by name. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int[] kernel;
        private int[] stride = {1, 1};
        private int[] padding = {0, 0};
        private int[] dilation = {1, 1};
        private int groups = 1;
        private boolean bias = true;
        private Initializer weightInit = Init.pytorchDefault();
        private Initializer biasInit;
        private Generator generator = Generator.defaultGenerator();

        private Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kernel = square(kernel);
        }

        /** A (height, width) kernel in place of the square one. */
        public Builder kernel(int h, int w) { kernel[0] = h; kernel[1] = w; return this; }

        public Builder stride(int s) { return stride(s, s); }

        public Builder stride(int h, int w) { stride = new int[] {h, w}; return this; }

        public Builder padding(int p) { return padding(p, p); }

        public Builder padding(int h, int w) { padding = new int[] {h, w}; return this; }

        public Builder dilation(int d) { return dilation(d, d); }

        public Builder dilation(int h, int w) { dilation = new int[] {h, w}; return this; }

        public Builder groups(int g) { groups = g; return this; }

        /** false: no bias parameter (PyTorch's {@code bias=False}). */
        public Builder bias(boolean b) { bias = b; return this; }

        public Builder weightInit(Initializer init) { weightInit = init; return this; }

        /** The bias initialiser (PyTorch's default: uniform on {@code +-1/sqrt(fanIn)}). */
        public Builder biasInit(Initializer init) { biasInit = init; return this; }

        public Builder generator(Generator g) { generator = g; return this; }

        public Conv2d build() {
            Initializer b = !bias ? null : biasInit != null ? biasInit : Init.pytorchBias(fanIn(in, groups, kernel));
            return new Conv2d(in, out, kernel, stride, padding, dilation, groups, weightInit, b, generator);
        }
    }
}
