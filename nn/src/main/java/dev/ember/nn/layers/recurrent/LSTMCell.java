package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * One LSTM step, as PyTorch's {@code nn.LSTMCell} (gates i, f, g, o; see {@link LSTM}).
 *
 * <pre>{@code
 * LSTMCell cell = new LSTMCell(10, 20);
 * LSTMState s = null;                                  // zeros
 * for (Tensor xt : x.unbind(0)) s = cell.forward(xt, s);
 * }</pre>
 */
public final class LSTMCell extends RecurrentCell {
    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, Generator.defaultGenerator()); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
        super(Cell.LSTM, inputSize, hiddenSize, bias, generator);
    }

    /** The new hidden state from zero states. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null).h(); }

    /** The new {@code (h, c)} from {@code state} (null for zeros). */
    public LSTMState forward(Tensor x, LSTMState state) {
        Tensor[] next = step(x, state == null ? null : state.h(), state == null ? null : state.c());
        return new LSTMState(next[0], next[1]);
    }
}
