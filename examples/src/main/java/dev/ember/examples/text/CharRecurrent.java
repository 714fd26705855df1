package dev.ember.examples.text;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Embedding;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.recurrent.GRU;
import dev.ember.nn.layers.recurrent.LSTM;
import dev.ember.nn.layers.recurrent.LSTMOutput;
import dev.ember.nn.layers.recurrent.LSTMState;
import dev.ember.nn.layers.recurrent.RNN;
import dev.ember.nn.layers.recurrent.RecurrentOutput;

/**
 * A recurrent character model: token embedding, {@code layers} stacked {@link RNN}, {@link LSTM} or {@link GRU}
 * layers of width {@code dim} (batch first, dropout between layers) and a linear head to the vocabulary. It trains
 * on windows of {@code context} characters from a zero state; generating, it carries its state from character to
 * character, so it is not limited to a window.
 *
 * <pre>{@code
 * CharModel model = new CharRecurrent(CharRecurrent.Kind.LSTM, 65, new CharModels.Size(128, 2, 4, 64, 0.1), new Generator(42));
 * Tensor logits = model.forward(ids);   // [B, T] -> [B, T, 65]
 * }</pre>
 */
public final class CharRecurrent extends CharModel {
    /** Which recurrent layer. */
    public enum Kind { RNN, LSTM, GRU }

    private final int context;
    private final Embedding tokens;
    private final Module recurrent;
    private final Linear head;

    public CharRecurrent(Kind kind, int vocabulary, CharModels.Size size, Generator generator) {
        context = size.context();
        int dim = size.dim();
        tokens = child("tokens", new Embedding(vocabulary, dim, null, generator));
        recurrent = child(kind.name().toLowerCase(), switch (kind) {
            case RNN -> new RNN(dim, dim, size.layers(), RNN.Nonlinearity.TANH, true, true, size.dropout(), false, generator);
            case LSTM -> new LSTM(dim, dim, size.layers(), true, true, size.dropout(), false, generator);
            case GRU -> new GRU(dim, dim, size.layers(), true, true, size.dropout(), false, generator);
        });
        head = child("head", new Linear(dim, vocabulary, Init.pytorchDefault(), Init.pytorchBias(dim), generator));
    }

    @Override
    public Tensor forward(Tensor ids) {
        if (ids.rank() != 2) throw wrongShape("[B, T] token ids", ids);
        return run(ids, null).logits();
    }

    @Override
    public int contextLength() { return context; }

    /** Feeds the prompt once, then one character a step, carrying {@code h} (and an LSTM's {@code c}) along. */
    @Override
    public Decoder decoder() {
        return new Decoder() {
            private State state;

            @Override
            public double[] next(long[] ids) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Step s = run(Tensor.of(ids, 1, ids.length).to(head.parameters().get(0).device()), state);
                    if (state != null) state.close();
                    state = s.state().keptBy(scope);
                    return s.logits().select(1, ids.length - 1).reshape(-1).toDoubleArray();
                }
            }
        };
    }

    /** The recurrent state between calls: {@code h}, and {@code c} for an LSTM (null otherwise). */
    private record State(Tensor h, Tensor c) {
        State keptBy(MemoryScope scope) { return new State(scope.keep(h), c == null ? null : scope.keep(c)); }

        void close() {
            h.close();
            if (c != null) c.close();
        }
    }

    private record Step(Tensor logits, State state) {}

    private Step run(Tensor ids, State state) {
        Tensor x = tokens.forward(ids);
        Tensor h0 = state == null ? null : state.h();
        return switch (recurrent) {
            case LSTM lstm -> {
                LSTMOutput out = lstm.forward(x, state == null ? null : new LSTMState(state.h(), state.c()));
                yield new Step(head.forward(out.output()), new State(out.state().h(), out.state().c()));
            }
            case RNN rnn -> step(rnn.forward(x, h0));
            case GRU gru -> step(gru.forward(x, h0));
            default -> throw new IllegalStateException("not a recurrent layer: " + recurrent);
        };
    }

    private Step step(RecurrentOutput out) { return new Step(head.forward(out.output()), new State(out.hN(), null)); }
}
