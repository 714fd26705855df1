package dev.ember.nn.layers.recurrent;

import dev.ember.Tensor;

/**
 * What {@link RNN} and {@link GRU} return, PyTorch's {@code (output, h_n)}: {@code output} holds the last
 * layer's hidden state at every step ({@code [seq, batch, directions * hidden]}, batch first if the layer is),
 * {@code hN} every layer's and direction's final state ({@code [layers * directions, batch, hidden]}).
 */
public record RecurrentOutput(Tensor output, Tensor hN) {}
