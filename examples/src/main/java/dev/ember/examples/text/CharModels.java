package dev.ember.examples.text;

import dev.ember.Generator;

import java.util.List;

/**
 * The models {@code --model} chooses between, each built from a vocabulary size and one {@link Size}. A recurrent
 * model joins with one more constant here (its hidden size from {@code dim}, its layers from {@code layers}).
 */
public enum CharModels {
    /** Token and learned positional embeddings, pre-norm causal Transformer encoder layers, a final norm and a linear head. */
    TRANSFORMER("transformer", (vocabulary, size, generator) -> new CharTransformer(vocabulary, size, generator));

    /** The shape of a model: width, depth, attention heads, window length, dropout. */
    public record Size(int dim, int layers, int heads, int context, double dropout) {}

    /** Builds a model for {@code vocabulary} tokens. */
    @FunctionalInterface
    public interface Factory {
        CharModel create(int vocabulary, Size size, Generator generator);
    }

    private final String id;
    private final Factory factory;

    CharModels(String id, Factory factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() { return id; }

    public CharModel create(int vocabulary, Size size, Generator generator) { return factory.create(vocabulary, size, generator); }

    public static CharModels byId(String id) {
        for (CharModels m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("unknown model '" + id + "'; choose from " + List.of(values()).stream().map(CharModels::id).toList());
    }
}
