package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * A multi-layer long short-term memory, as PyTorch's {@code nn.LSTM}: per step
 * {@code i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of x W_ih^T + b_ih + h W_hh^T + b_hh} (gate blocks in that
 * order), {@code c' = f * c + i * g}, {@code h' = o * tanh(c')}. Parameters, their names and their initialisation
 * are PyTorch's (see {@link RecurrentLayer}), so a PyTorch state dict loads and gives the same outputs.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(128, 256, 2, true, true, 0.1, false);   // 2 layers, bias, batch first, dropout 0.1
 * LSTMOutput out = lstm.forward(x, null);                      // x [batch, seq, 128], zero initial state
 * Tensor last = out.state().h().select(0, -1);                 // [batch, 256]: the top layer's final state
 * LSTMOutput padded = lstm.forward(x, null, new int[] {7, 3}); // per-sequence lengths, as pack_padded_sequence
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
    public LSTM(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1); }

    public LSTM(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, true, false, 0, false);
    }

    /** PyTorch's arguments in PyTorch's order. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, Generator.defaultGenerator());
    }

    /** Weights and dropout masks drawn from {@code generator}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, Generator generator) {
        super(Cell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator);
    }

    /** The output at every step alone (zero initial state), so the layer fits a {@code Sequential}. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null).output(); }

    /** Output and final state from {@code state} ({@code h0}, {@code c0}; null for zeros). */
    public LSTMOutput forward(Tensor x, LSTMState state) { return forward(x, state, (int[]) null); }

    /**
     * As {@link #forward(Tensor, LSTMState)} for a padded batch whose sequence {@code b} is {@code lengths[b]} steps
     * long: outputs past its end are zero and its final state is the one at its last step.
     */
    public LSTMOutput forward(Tensor x, LSTMState state, int[] lengths) {
        Tensor[] r = run(x, state == null ? null : state.h(), state == null ? null : state.c(), lengths);
        return new LSTMOutput(r[0], new LSTMState(r[1], r[2]));
    }

    /** {@code lengths} an integer tensor {@code [batch]}, as PyTorch's {@code pack_padded_sequence} takes it. */
    public LSTMOutput forward(Tensor x, LSTMState state, Tensor lengths) { return forward(x, state, lengths(lengths)); }
}
