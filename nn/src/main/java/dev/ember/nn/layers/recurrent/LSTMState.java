package dev.ember.nn.layers.recurrent;

import dev.ember.Tensor;

/**
 * An LSTM's hidden and cell state, PyTorch's {@code (h, c)}: {@code [layers * directions, batch, hidden]} for
 * {@link LSTM}, {@code [batch, hidden]} for {@link LSTMCell}.
 *
 * <pre>{@code
 * LSTMState state = null;                                  // zeros
 * for (Tensor chunk : chunks) {                            // truncated backpropagation through time
 *     LSTMOutput out = lstm.forward(chunk, state);
 *     ...
 *     state = out.state().detach();                        // carried on, but no gradient flows back past it
 * }
 * }</pre>
 */
public record LSTMState(Tensor h, Tensor c) {
    /** The same values, cut from the graph. */
    public LSTMState detach() { return new LSTMState(h.detach(), c.detach()); }
}
