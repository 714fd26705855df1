package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * A multi-layer gated recurrent unit, as PyTorch's {@code nn.GRU}: per step
 * {@code r, z = sigmoid(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z})},
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h} (gate blocks in the order
 * r, z, n). Parameters, their names and their initialisation are PyTorch's (see {@link RecurrentLayer}).
 *
 * <pre>{@code
 * GRU gru = new GRU(16, 32, 1, true, true, 0, true);     // bidirectional, batch first
 * RecurrentOutput out = gru.forward(x, null);            // x [batch, seq, 16] -> output [batch, seq, 64]
 * Tensor hN = out.hN();                                  // [2, batch, 32]: forward, then reverse
 * }</pre>
 */
public final class GRU extends RecurrentLayer {
    public GRU(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1); }

    public GRU(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, true, false, 0, false);
    }

    /** PyTorch's arguments in PyTorch's order. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, Generator.defaultGenerator());
    }

    /** Weights and dropout masks drawn from {@code generator}. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, Generator generator) {
        super(Cell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator);
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
