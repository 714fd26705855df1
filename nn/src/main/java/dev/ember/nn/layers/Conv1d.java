package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;
import dev.ember.nn.Parameter;
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
public final class Conv1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

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
                bias ? Init.pytorchBias(in / Math.max(groups, 1) * kernel) : null, Generator.defaultGenerator());
    }

    public Conv1d(int in, int out, int kernel, int stride, int padding, Initializer weightInit, Initializer biasInit) {
        this(in, out, kernel, stride, padding, 1, 1, weightInit, biasInit, Generator.defaultGenerator());
    }

    /** Every setting; {@code biasInit} null: no bias. */
    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
                  Initializer weightInit, Initializer biasInit, Generator generator) {
        this.in = Arguments.atLeast("Conv1d", "in channels", in, 1);
        this.out = Arguments.atLeast("Conv1d", "out channels", out, 1);
        this.kernel = Arguments.atLeast("Conv1d", "kernel", kernel, 1);
        this.stride = Arguments.atLeast("Conv1d", "stride", stride, 1);
        this.padding = Arguments.atLeast("Conv1d", "padding", padding, 0);
        this.dilation = Arguments.atLeast("Conv1d", "dilation", dilation, 1);
        this.groups = Arguments.atLeast("Conv1d", "groups", groups, 1);
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in (" + in + ") and out (" + out + ") channels must both divide into "
                    + groups + " groups");
        }
        weight = parameter("weight", Init.create(weightInit, generator, out, in / groups, kernel));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != in) throw wrongShape("[N, " + in + ", L]", x);
        if (Conv2d.outputSize(x.size(2), kernel, padding, stride, dilation) < 1) {
            throw wrongShape("[N, " + in + ", L] with L >= " + (dilation * (kernel - 1) + 1 - 2 * padding), x);
        }
        return F.conv1d(x, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation, groups);
    }

    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder("Conv1d(").append(in).append(", ").append(out).append(", kernel=").append(kernel);
        if (stride != 1) s.append(", stride=").append(stride);
        if (padding != 0) s.append(", padding=").append(padding);
        if (dilation != 1) s.append(", dilation=").append(dilation);
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=false");
        return s.append(')').toString();
    }

    /** {@link Conv1d}'s settings by name. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private int dilation = 1;
        private int groups = 1;
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

        public Builder dilation(int d) { dilation = d; return this; }

        public Builder groups(int g) { groups = g; return this; }

        /** false: no bias parameter (PyTorch's {@code bias=False}). */
        public Builder bias(boolean b) { bias = b; return this; }

        public Builder weightInit(Initializer init) { weightInit = init; return this; }

        /** The bias initialiser (PyTorch's default: uniform on {@code +-1/sqrt(fanIn)}). */
        public Builder biasInit(Initializer init) { biasInit = init; return this; }

        public Builder generator(Generator g) { generator = g; return this; }

        public Conv1d build() {
            Initializer b = !bias ? null : biasInit != null ? biasInit : Init.pytorchBias(in / Math.max(groups, 1) * kernel);
            return new Conv1d(in, out, kernel, stride, padding, dilation, groups, weightInit, b, generator);
        }
    }
}
