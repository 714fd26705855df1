package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;

/**
 * Learned positional embeddings: a trained vector per position, {@code weight [maxLength, dim]}, added to a
 * sequence of {@code [..., T, dim]} (position {@code t} gets row {@code t}). It is what PyTorch users write as
 * {@code x + nn.Embedding(max_len, dim)(torch.arange(T))}, with the same key ({@code weight}) and the same
 * {@code normal(0, 1)} start unless an initialiser is given (GPT-2 style models use {@code normal(0, 0.02)}).
 *
 * <pre>{@code
 * Embedding tokens = new Embedding(vocab, 64);
 * PositionalEmbedding positions = new PositionalEmbedding(128, 64);
 * Tensor x = positions.forward(tokens.forward(ids));   // ids [N, T] with T <= 128 -> [N, T, 64]
 * }</pre>
 */
public final class PositionalEmbedding extends Module {
    private final int maxLength;
    private final int dim;
    private final Parameter weight;

    public PositionalEmbedding(int maxLength, int dim) { this(maxLength, dim, Init.normal(0, 1), Generator.defaultGenerator()); }

    public PositionalEmbedding(int maxLength, int dim, Initializer init, Generator generator) {
        Arguments.atLeast("PositionalEmbedding", "maxLength", maxLength, 1);
        Arguments.atLeast("PositionalEmbedding", "dim", dim, 1);
        this.maxLength = maxLength;
        this.dim = dim;
        weight = parameter("weight", Init.create(init, generator, maxLength, dim));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.size(-1) != dim || x.size(-2) > maxLength) {
            throw wrongShape("[..., T <= " + maxLength + ", " + dim + "]", x);
        }
        return x.add(weight.value().narrow(0, 0, x.size(-2)));
    }

    public Parameter weight() { return weight; }

    public int maxLength() { return maxLength; }

    public int dim() { return dim; }

    @Override
    protected String describe() { return "PositionalEmbedding(maxLength=" + maxLength + ", dim=" + dim + ")"; }
}
