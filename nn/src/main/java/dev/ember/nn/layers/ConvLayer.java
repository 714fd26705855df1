package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

import java.util.StringJoiner;

/**
 * What {@link Conv1d}, {@link Conv2d}, {@link ConvTranspose1d} and {@link ConvTranspose2d} share: the checked
 * settings (each spatial one an array of one value per dimension), the weight and bias, the input-shape check and
 * the description. Each layer keeps its constructors, its builder's spatial setters and its functional call.
 */
abstract class ConvLayer extends Module {
    private static final String[][] SIZE_NAMES = {{"L"}, {"H", "W"}};

    final int in;
    final int out;
    final int[] kernel;
    final int[] stride;
    final int[] padding;
    /** Null for a plain (not transposed) convolution. */
    final int[] outputPadding;
    final int groups;
    final int[] dilation;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Checks every setting in the layer's own argument order. {@code outputPadding} null: a convolution, weight
     * {@code [out, in/groups, k...]}; else a transposed one, weight {@code [in, out/groups, k...]}.
     */
    ConvLayer(String who, int dims, int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding,
              int groups, int[] dilation, Initializer weightInit, Initializer biasInit, Generator generator) {
        this.in = Arguments.atLeast(who, "in channels", in, 1);
        this.out = Arguments.atLeast(who, "out channels", out, 1);
        this.kernel = spatial(who, dims, "kernel", kernel, 1);
        this.stride = spatial(who, dims, "stride", stride, 1);
        this.padding = spatial(who, dims, "padding", padding, 0);
        if (outputPadding == null) {
            this.outputPadding = null;
            this.dilation = spatial(who, dims, "dilation", dilation, 1);
            this.groups = Arguments.atLeast(who, "groups", groups, 1);
        } else {
            this.outputPadding = spatial(who, dims, "outputPadding", outputPadding, 0);
            this.groups = Arguments.atLeast(who, "groups", groups, 1);
            this.dilation = spatial(who, dims, "dilation", dilation, 1);
            for (int d = 0; d < dims; d++) {
                Arguments.outputPadding(who, this.outputPadding[d], this.stride[d], this.dilation[d]);
            }
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(who + ": in (" + in + ") and out (" + out + ") channels must both divide into "
                    + groups + " groups");
        }
        int[] shape = new int[2 + dims];
        shape[0] = transposed() ? in : out;
        shape[1] = transposed() ? out / groups : in / groups;
        System.arraycopy(this.kernel, 0, shape, 2, dims);
        weight = parameter("weight", Init.create(weightInit, generator, shape));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
    }

    /** One dimension: a plain value at least {@code min}; two: a checked (height, width) copy. */
    private static int[] spatial(String who, int dims, String what, int[] values, int min) {
        return dims == 1 ? new int[] {Arguments.atLeast(who, what, values[0], min)} : Arguments.pair(who, what, values, min);
    }

    /** PyTorch's default bias fan-in: the channels one output sums over ({@code in}, or {@code out} when transposed) times the kernel's size. */
    static int fanIn(int channels, int groups, int... kernel) {
        int fanIn = channels / Math.max(groups, 1);
        for (int k : kernel) fanIn *= k;
        return fanIn;
    }

    final boolean transposed() { return outputPadding != null; }

    /** Throws naming the expected shape unless {@code x} is {@code [N, in, spatial...]} and, for a convolution, no smaller than the dilated kernel. */
    final void checkInput(Tensor x) {
        String[] names = SIZE_NAMES[kernel.length - 1];
        String expected = "[N, " + in + ", " + String.join(", ", names) + "]";
        if (x.rank() != 2 + names.length || x.size(1) != in) throw wrongShape(expected, x);
        if (transposed()) return;
        boolean fits = true;
        StringJoiner least = new StringJoiner(" and ", expected + " with ", "");
        for (int d = 0; d < names.length; d++) {
            fits &= Conv2d.outputSize(x.size(2 + d), kernel[d], padding[d], stride[d], dilation[d]) >= 1;
            least.add(names[d] + " >= " + (dilation[d] * (kernel[d] - 1) + 1 - 2 * padding[d]));
        }
        if (!fits) throw wrongShape(least.toString(), x);
    }

    final Tensor biasValue() { return bias == null ? null : bias.value(); }

    /** PyTorch's layout: {@code [out, in/groups, k...]}, or {@code [in, out/groups, k...]} when transposed. */
    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append('(').append(in).append(", ").append(out)
                .append(", kernel=").append(text(kernel));
        appendUnless(s, "stride", stride, 1);
        appendUnless(s, "padding", padding, 0);
        if (transposed()) appendUnless(s, "outputPadding", outputPadding, 0);
        else appendUnless(s, "dilation", dilation, 1);
        if (groups != 1) s.append(", groups=").append(groups);
        if (transposed()) appendUnless(s, "dilation", dilation, 1);
        if (bias == null) s.append(", bias=false");
        return s.append(')').toString();
    }

    private static void appendUnless(StringBuilder s, String name, int[] values, int usual) {
        for (int v : values) {
            if (v != usual) {
                s.append(", ").append(name).append('=').append(text(values));
                return;
            }
        }
    }

    private static String text(int[] values) { return values.length == 1 ? Integer.toString(values[0]) : Arguments.hw(values); }

    /** The settings every convolution's builder has besides the spatial ones. */
    @SuppressWarnings("unchecked")
    abstract static class BuilderBase<B extends BuilderBase<B>> {
        final int in;
        final int out;
        int groups = 1;
        Initializer weightInit = Init.pytorchDefault();
        Generator generator = Generator.defaultGenerator();
        private boolean bias = true;
        private Initializer biasInit;

        BuilderBase(int in, int out) {
            this.in = in;
            this.out = out;
        }

        public B groups(int g) { groups = g; return (B) this; }

        /** false: no bias parameter (PyTorch's {@code bias=False}). */
        public B bias(boolean b) { bias = b; return (B) this; }

        public B weightInit(Initializer init) { weightInit = init; return (B) this; }

        /** The bias initialiser (PyTorch's default: uniform on {@code +-1/sqrt(fanIn)}). */
        public B biasInit(Initializer init) { biasInit = init; return (B) this; }

        public B generator(Generator g) { generator = g; return (B) this; }

        /** What build() passes as the bias initialiser: null without a bias, else the one set or PyTorch's default. */
        final Initializer biasInitOrDefault(int fanIn) { return !bias ? null : biasInit != null ? biasInit : Init.pytorchBias(fanIn); }
    }

    /** A 1-D convolution's builder: one value per spatial setting. */
    @SuppressWarnings("unchecked")
    abstract static class Builder1d<B extends Builder1d<B>> extends BuilderBase<B> {
        final int kernel;
        int stride = 1;
        int padding;
        int dilation = 1;

        Builder1d(int in, int out, int kernel) {
            super(in, out);
            this.kernel = kernel;
        }

        public B stride(int s) { stride = s; return (B) this; }

        public B padding(int p) { padding = p; return (B) this; }

        public B dilation(int d) { dilation = d; return (B) this; }
    }

    /** A 2-D convolution's builder: a (height, width) pair per spatial setting, one value meaning a square. */
    @SuppressWarnings("unchecked")
    abstract static class Builder2d<B extends Builder2d<B>> extends BuilderBase<B> {
        final int[] kernel;
        int[] stride = {1, 1};
        int[] padding = {0, 0};
        int[] dilation = {1, 1};

        Builder2d(int in, int out, int[] kernel) {
            super(in, out);
            this.kernel = kernel;
        }

        public B stride(int s) { return stride(s, s); }

        public B stride(int h, int w) { stride = new int[] {h, w}; return (B) this; }

        public B padding(int p) { return padding(p, p); }

        public B padding(int h, int w) { padding = new int[] {h, w}; return (B) this; }

        public B dilation(int d) { return dilation(d, d); }

        public B dilation(int h, int w) { dilation = new int[] {h, w}; return (B) this; }
    }
}
