package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * A multi-layer Elman network, as PyTorch's {@code nn.RNN}: per step
 * {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or ReLU). Trained by backpropagation through time, it
 * forgets what lies many steps back (seed 003's vanishing gradients), which {@link LSTM} and {@link GRU} do not.
 * Parameters, their names and their initialisation are PyTorch's (see {@link RecurrentLayer}).
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20, 2, RNN.Nonlinearity.TANH, true, false, 0, false);
 * RecurrentOutput out = rnn.forward(x, h0);   // x [seq, batch, 10], h0 [2, batch, 20]
 * }</pre>
 */
public final class RNN extends RecurrentLayer {
    /** PyTorch's {@code nonlinearity='tanh'} or {@code 'relu'}. */
    public enum Nonlinearity { TANH, RELU }

    public RNN(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1); }

    public RNN(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, Nonlinearity.TANH, true, false, 0, false);
    }

    /** PyTorch's arguments in PyTorch's order. */
    public RNN(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional, Generator.defaultGenerator());
    }

    /** Weights and dropout masks drawn from {@code generator}. */
    public RNN(int inputSize, int hiddenSize, int numLayers, Nonlinearity nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional, Generator generator) {
        super(nonlinearity == Nonlinearity.RELU ? Cell.RNN_RELU : Cell.RNN_TANH, inputSize, hiddenSize, numLayers, bias,
                batchFirst, dropout, bidirectional, generator);
    }

    /** The output at every step alone (zero initial state), so the layer fits a {@code Sequential}. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null).output(); }

    /** Output and final state from {@code h0} ({@code [layers * directions, batch, hidden]}; null for zeros). */
    public RecurrentOutput forward(Tensor x, Tensor h0) { return forward(x, h0, (int[]) null); }

    /** For a padded batch whose sequence {@code b} is {@code lengths[b]} steps long (see {@link LSTM}). */
    public RecurrentOutput forward(Tensor x, Tensor h0, int[] lengths) {
        Tensor[] r = run(x, h0, null, lengths);
        return new RecurrentOutput(r[0], r[1]);
    }

    /** {@code lengths} an integer tensor {@code [batch]}. */
    public RecurrentOutput forward(Tensor x, Tensor h0, Tensor lengths) { return forward(x, h0, lengths(lengths)); }
}
