package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * {@code y = x W^T + b} over the last dim, with {@code W [out, in]} and {@code b [out]}; inputs may have any
 * leading dims. Initialised as PyTorch's {@code nn.Linear} unless initialisers are given.
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 10);
 * Tensor logits = fc.forward(images.reshape(-1, 784));
 * }</pre>
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out) { this(in, out, true); }

    public Linear(int in, int out, boolean bias) {
        this(in, out, Init.pytorchDefault(), bias ? Init.pytorchBias(in) : null, Generator.defaultGenerator());
    }

    public Linear(int in, int out, Initializer weightInit, Initializer biasInit) {
        this(in, out, weightInit, biasInit, Generator.defaultGenerator());
    }

    /** {@code biasInit} null: no bias. */
    public Linear(int in, int out, Initializer weightInit, Initializer biasInit, Generator generator) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear needs positive sizes, got in=" + in + ", out=" + out);
        this.in = in;
        this.out = out;
        weight = parameter("weight", Init.create(weightInit, generator, out, in));
        bias = biasInit == null ? null : parameter("bias", Init.create(biasInit, generator, out));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != in) throw wrongShape("[..., " + in + "]", x);
        return F.linear(x, weight.value(), bias == null ? null : bias.value());
    }

    public Parameter weight() { return weight; }

    /** Null when built without a bias. */
    public Parameter bias() { return bias; }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    @Override
    protected String describe() { return "Linear(in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "") + ")"; }
}
