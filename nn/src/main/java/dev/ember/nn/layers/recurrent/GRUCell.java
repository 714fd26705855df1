package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * One GRU step, as PyTorch's {@code nn.GRUCell} (gates r, z, n; see {@link GRU}).
 *
 * <pre>{@code
 * GRUCell cell = new GRUCell(10, 20);
 * Tensor h = null;                                     // zeros
 * for (Tensor xt : x.unbind(0)) h = cell.forward(xt, h);
 * }</pre>
 */
public final class GRUCell extends RecurrentCell {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, Generator.defaultGenerator()); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
        super(Cell.GRU, inputSize, hiddenSize, bias, generator);
    }

    /** The new hidden state from zeros. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null); }

    /** The new hidden state from {@code h} (null for zeros). */
    public Tensor forward(Tensor x, Tensor h) { return step(x, h, null)[0]; }
}
