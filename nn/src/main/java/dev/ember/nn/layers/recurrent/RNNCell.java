package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * One Elman step, as PyTorch's {@code nn.RNNCell}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or ReLU).
 *
 * <pre>{@code
 * RNNCell cell = new RNNCell(10, 20);
 * Tensor h = null;                                     // zeros
 * for (Tensor xt : x.unbind(0)) h = cell.forward(xt, h);
 * }</pre>
 */
public final class RNNCell extends RecurrentCell {
    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH, Generator.defaultGenerator()); }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity, Generator generator) {
        super(nonlinearity == RNN.Nonlinearity.RELU ? Cell.RNN_RELU : Cell.RNN_TANH, inputSize, hiddenSize, bias, generator);
    }

    /** The new hidden state from zeros. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null); }

    /** The new hidden state from {@code h} (null for zeros). */
    public Tensor forward(Tensor x, Tensor h) { return step(x, h, null)[0]; }
}
