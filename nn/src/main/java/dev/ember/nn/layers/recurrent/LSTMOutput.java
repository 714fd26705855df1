package dev.ember.nn.layers.recurrent;

import dev.ember.Tensor;

/**
 * What {@link LSTM} returns, PyTorch's {@code (output, (h_n, c_n))}: {@code output} holds the last layer's hidden
 * state at every step ({@code [seq, batch, directions * hidden]}, batch first if the layer is), {@code state}
 * every layer's and direction's final hidden and cell state.
 */
public record LSTMOutput(Tensor output, LSTMState state) {}
