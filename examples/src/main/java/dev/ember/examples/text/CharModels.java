package dev.ember.examples.text;

import dev.ember.Generator;

import java.util.List;

/**
 * The models {@code --model} chooses between, each built from a vocabulary size and one {@link Size}. A
 * recurrent model takes its width from {@code dim} and its depth from {@code layers}, and ignores {@code heads}.
 */
public enum CharModels {
    /** Embedding, {@code layers} recurrent layers of width {@code dim} ({@link CharRecurrent}), a linear head: tanh RNN, LSTM, GRU. */
    /** Token and learned positional embeddings, pre-norm causal Transformer encoder layers, a final norm and a linear head. */
    RNN("rnn", (vocabulary, size, generator) -> new CharRecurrent(CharRecurrent.Kind.RNN, vocabulary, size, generator)),
    LSTM("lstm", (vocabulary, size, generator) -> new CharRecurrent(CharRecurrent.Kind.LSTM, vocabulary, size, generator)),
    GRU("gru", (vocabulary, size, generator) -> new CharRecurrent(CharRecurrent.Kind.GRU, vocabulary, size, generator)),
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
