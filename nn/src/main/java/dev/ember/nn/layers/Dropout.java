package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout}: in training each element is zeroed with probability
 * {@code p} and the survivors scaled by {@code 1 / (1 - p)}, so the expected value is unchanged and evaluation
 * needs no rescaling; in evaluation mode it returns its input.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 256), new ReLU(), new Dropout(0.5), new Linear(256, 10));
 * mlp.eval();   // dropout off
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /** {@code p = 0.5}, PyTorch's default. */
    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, Generator.defaultGenerator()); }

    /** Masks drawn from {@code generator}, for reproducible runs. */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        if (generator == null) throw new IllegalArgumentException("Dropout: generator is null");
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(describe() + ": expected a float input, got " + x.dtype());
        }
        return F.dropout(x, p, isTraining(), generator);
    }

    public double p() { return p; }

    @Override
    protected String describe() { return "Dropout(p=" + p + ")"; }
}
