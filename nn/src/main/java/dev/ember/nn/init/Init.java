package dev.ember.nn.init;

import dev.ember.Autograd;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Parameter;

/**
 * Weight initialisers. Fans follow PyTorch ({@code torch.nn.init}): for a weight {@code [out, in, k...]},
 * fan-in is {@code in * prod(k)} and fan-out {@code out * prod(k)}, so conv kernels are counted right.
 *
 * <pre>{@code
 * new Linear(784, 256, Init.kaimingNormal(), Init.zeros());
 * Tensor w = Init.scaledRandom(0.01).create(generator, 256, 784);   // seed 002's randn * 0.01
 * }</pre>
 */
public final class Init {
    private Init() {}

    public static Initializer zeros() { return constant(0); }

    public static Initializer ones() { return constant(1); }

    public static Initializer constant(double value) { return (g, shape) -> Tensor.full(value, shape); }

    /** Uniform on {@code [low, high)}. */
    public static Initializer uniform(double low, double high) { return (g, shape) -> g.uniform(low, high, shape); }

    public static Initializer normal(double mean, double std) { return (g, shape) -> g.normal(mean, std, shape); }

    /** {@code randn * scale}: seed 002's small random weights ({@code scale} 0.01 there). */
    public static Initializer scaledRandom(double scale) { return normal(0, scale); }

    /** Glorot: uniform on {@code +-gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Initializer xavierUniform(double gain) {
        return (g, shape) -> {
            double bound = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
            return g.uniform(-bound, bound, shape);
        };
    }

    public static Initializer xavierUniform() { return xavierUniform(1); }

    /** Glorot: normal with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Initializer xavierNormal(double gain) {
        return (g, shape) -> g.normal(0, gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    public static Initializer xavierNormal() { return xavierNormal(1); }

    /** He: uniform on {@code +-sqrt(6 / fan)} (gain sqrt 2 for ReLU); {@code fan} is fan-in or fan-out. */
    public static Initializer kaimingUniform(FanMode mode) { return kaimingUniform(mode, Math.sqrt(2)); }

    public static Initializer kaimingUniform() { return kaimingUniform(FanMode.FAN_IN); }

    /** He with any gain: uniform on {@code +-gain * sqrt(3 / fan)}. */
    public static Initializer kaimingUniform(FanMode mode, double gain) {
        return (g, shape) -> {
            double bound = gain * Math.sqrt(3.0 / mode.fan(shape));
            return g.uniform(-bound, bound, shape);
        };
    }

    /** He: normal with {@code std = sqrt(2 / fan)}. */
    public static Initializer kaimingNormal(FanMode mode) {
        return (g, shape) -> g.normal(0, Math.sqrt(2.0 / mode.fan(shape)), shape);
    }

    public static Initializer kaimingNormal() { return kaimingNormal(FanMode.FAN_IN); }

    /**
     * PyTorch's default for {@code nn.Linear}/{@code nn.Conv*} weights ({@code kaiming_uniform_(a=sqrt(5))}):
     * uniform on {@code +-1/sqrt(fanIn)}.
     */
    public static Initializer pytorchDefault() { return kaimingUniform(FanMode.FAN_IN, Math.sqrt(1.0 / 3)); }

    /** PyTorch's default bias: uniform on {@code +-1/sqrt(fanIn)} of the layer's weight. */
    public static Initializer pytorchBias(int weightFanIn) {
        double bound = weightFanIn > 0 ? 1 / Math.sqrt(weightFanIn) : 0;
        return uniform(-bound, bound);
    }

    public enum FanMode {
        FAN_IN, FAN_OUT;

        int fan(int[] shape) { return this == FAN_IN ? fanIn(shape) : fanOut(shape); }
    }

    /** Inputs per output unit: {@code shape[1] * prod(shape[2:])}; a vector's length. */
    public static int fanIn(int[] shape) {
        checkRank(shape);
        return shape.length == 1 ? shape[0] : shape[1] * receptiveField(shape);
    }

    /** Outputs per input unit: {@code shape[0] * prod(shape[2:])}. */
    public static int fanOut(int[] shape) {
        checkRank(shape);
        return shape.length == 1 ? shape[0] : shape[0] * receptiveField(shape);
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    private static void checkRank(int[] shape) {
        if (shape.length == 0) throw new IllegalArgumentException("fan-in and fan-out need at least one dim, got shape " + Shape.str(shape));
    }

    /** Runs {@code init} without recording, as every layer constructor does. */
    public static Tensor create(Initializer init, dev.ember.Generator generator, int... shape) {
        try (var noGrad = Autograd.noGrad()) {
            return init.create(generator, shape);
        }
    }

    // ---- in place on a parameter, as torch.nn.init's functions with a trailing underscore ----

    /**
     * Overwrites {@code p}'s tensor with {@code init}'s values from the default generator, keeping its dtype,
     * device and identity (an optimizer holding it sees the new values); needs no {@code noGrad} around it.
     *
     * <pre>{@code
     * Init.inPlace(conv.weight(), Init.normal(0, 0.02));       // nn.init.normal_(conv.weight, 0, 0.02)
     * Init.normalInPlace(conv.weight(), 0, 0.02);             // the same
     * Init.zerosInPlace(linear.bias());                       // nn.init.zeros_(linear.bias)
     * }</pre>
     */
    public static Parameter inPlace(Parameter p, Initializer init) {
        inPlace(p.value(), init);
        return p;
    }

    /** As {@link #inPlace(Parameter, Initializer)}, on any tensor (a leaf that requires grad included). */
    public static Tensor inPlace(Tensor t, Initializer init) {
        try (var noGrad = Autograd.noGrad()) {
            Tensor fresh = init.create(dev.ember.Generator.defaultGenerator(), t.shape());
            t.copyFrom(fresh.to(t.dtype()).to(t.device()));
        }
        return t;
    }

    /** {@code nn.init.normal_}. */
    public static Parameter normalInPlace(Parameter p, double mean, double std) { return inPlace(p, normal(mean, std)); }

    /** {@code nn.init.uniform_}. */
    public static Parameter uniformInPlace(Parameter p, double low, double high) { return inPlace(p, uniform(low, high)); }

    /** {@code nn.init.constant_}. */
    public static Parameter constantInPlace(Parameter p, double value) { return inPlace(p, constant(value)); }

    /** {@code nn.init.zeros_}. */
    public static Parameter zerosInPlace(Parameter p) { return inPlace(p, zeros()); }

    /** {@code nn.init.ones_}. */
    public static Parameter onesInPlace(Parameter p) { return inPlace(p, ones()); }

    /** {@code nn.init.xavier_uniform_}. */
    public static Parameter xavierUniformInPlace(Parameter p) { return inPlace(p, xavierUniform()); }

    /** {@code nn.init.xavier_normal_}. */
    public static Parameter xavierNormalInPlace(Parameter p) { return inPlace(p, xavierNormal()); }

    /** {@code nn.init.kaiming_uniform_} (ReLU gain, fan-in). */
    public static Parameter kaimingUniformInPlace(Parameter p) { return inPlace(p, kaimingUniform()); }

    /** {@code nn.init.kaiming_normal_} (ReLU gain, fan-in). */
    public static Parameter kaimingNormalInPlace(Parameter p) { return inPlace(p, kaimingNormal()); }
}
