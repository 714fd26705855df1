package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: the parameters, named and laid out as PyTorch's
 * ({@code weight_ih_l0 [gates * hidden, input]}, {@code weight_hh_l0 [gates * hidden, hidden]}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, the reverse direction's with {@code _reverse}), so a PyTorch state dict loads; and the
 * time loop. Each layer and direction projects the input of all time steps in one product, then runs one
 * product per step for the hidden projection of all gates.
 *
 * <p>Input is {@code [seq, batch, input]}, or {@code [batch, seq, input]} with {@code batchFirst}, or unbatched
 * {@code [seq, input]}. Per-sequence {@code lengths} give what PyTorch's packed sequences give: outputs past a
 * sequence's end are zero, its final state is the one at its own last step, and the reverse direction starts
 * there. Dropout, when set, acts on the outputs of every layer but the last, in training mode only.
 */
public abstract class RecurrentLayer extends Module {
    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final Generator generator;
    /** Per layer and direction (index {@code layer * directions + direction}): w_ih, w_hh, b_ih, b_hh. */
    private final List<Parameter[]> weights = new ArrayList<>();

    RecurrentLayer(Cell cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                   double dropout, boolean bidirectional, Generator generator) {
        String name = cell.layerName();
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(name + ": inputSize, hiddenSize and numLayers must be >= 1, got "
                    + inputSize + ", " + hiddenSize + " and " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) throw new IllegalArgumentException(name + ": dropout must be in [0, 1], got " + dropout);
        if (generator == null) throw new IllegalArgumentException(name + ": generator is null");
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.generator = generator;
        // PyTorch's reset_parameters: every weight and bias uniform on +-1/sqrt(hidden), in registration order
        double bound = 1 / Math.sqrt(hiddenSize);
        int rows = cell.gates * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * directions();
            for (int d = 0; d < directions(); d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                Parameter[] p = new Parameter[4];
                p[0] = parameter("weight_ih" + suffix, Init.create(Init.uniform(-bound, bound), generator, rows, in));
                p[1] = parameter("weight_hh" + suffix, Init.create(Init.uniform(-bound, bound), generator, rows, hiddenSize));
                if (bias) {
                    p[2] = parameter("bias_ih" + suffix, Init.create(Init.uniform(-bound, bound), generator, rows));
                    p[3] = parameter("bias_hh" + suffix, Init.create(Init.uniform(-bound, bound), generator, rows));
                }
                weights.add(p);
            }
        }
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    public int numLayers() { return numLayers; }

    public boolean bidirectional() { return bidirectional; }

    public boolean batchFirst() { return batchFirst; }

    public double dropout() { return dropout; }

    public boolean hasBias() { return bias; }

    final int directions() { return bidirectional ? 2 : 1; }

    /** The parameter of {@code layer} and {@code direction} (0 forward, 1 reverse): 0 w_ih, 1 w_hh, 2 b_ih, 3 b_hh. */
    final Tensor weight(int layer, int direction, int which) {
        Parameter p = weights.get(layer * directions() + direction)[which];
        return p == null ? null : p.value();
    }

    /**
     * Runs every layer and direction; returns {output, h_n, c_n (LSTM) or null}, shaped as the input was given
     * (batch first or not, batched or not). {@code h0}, {@code c0} and {@code lengths} may be null.
     */
    final Tensor[] run(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        if (x.rank() != 2 && x.rank() != 3 || x.size(-1) != inputSize) throw wrongShape(expectedInput(), x);
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(describe() + ": expected a float input, got " + x.dtype() + " of shape " + Shape.str(x.shape()));
        }
        boolean unbatched = x.rank() == 2;
        Tensor seq = unbatched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x;   // [T, B, I]
        int steps = seq.size(0);
        int batch = seq.size(1);
        int[] stateShape = unbatched ? new int[] {numLayers * directions(), hiddenSize}
                : new int[] {numLayers * directions(), batch, hiddenSize};
        h0 = initialState("h0", h0, stateShape, unbatched, x);
        c0 = cell == Cell.LSTM ? initialState("c0", c0, stateShape, unbatched, x) : null;
        Mask mask = lengths == null ? null : Mask.of(describe(), lengths, batch, steps, unbatched, x.device());

        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        Tensor input = seq;
        for (int layer = 0; layer < numLayers; layer++) {
            if (layer > 0 && dropout > 0 && isTraining()) input = dropout(input);
            Tensor[] outputs = new Tensor[directions()];
            for (int d = 0; d < directions(); d++) {
                int k = layer * directions() + d;
                Tensor[] r = direction(input, layer, d, h0.select(0, k), c0 == null ? null : c0.select(0, k), mask);
                outputs[d] = r[0];
                hN.add(r[1]);
                if (r[2] != null) cN.add(r[2]);
            }
            input = outputs.length == 1 ? outputs[0] : Tensor.cat(2, outputs);
        }
        Tensor output = unbatched ? input.squeeze(1) : batchFirst ? input.transpose(0, 1) : input;
        Tensor h = Tensor.stack(0, hN);
        Tensor c = cN.isEmpty() ? null : Tensor.stack(0, cN);
        if (unbatched) {
            h = h.squeeze(1);
            if (c != null) c = c.squeeze(1);
        }
        return new Tensor[] {output, h, c};
    }

    /** One layer in one direction over {@code input [T, B, in]}: {output [T, B, H], h_n [B, H], c_n or null}. */
    private Tensor[] direction(Tensor input, int layer, int d, Tensor h, Tensor c, Mask mask) {
        int steps = input.size(0);
        int batch = input.size(1);
        int in = input.size(2);
        Tensor weightHh = weight(layer, d, 1);
        Tensor biasHh = cell == Cell.GRU ? weight(layer, d, 3) : null;
        Tensor projected = input.reshape(steps * batch, in)
                .linear(weight(layer, d, 0), cell.inputBias(weight(layer, d, 2), weight(layer, d, 3)))
                .reshape(steps, batch, cell.gates * hiddenSize);
        Tensor[] out = new Tensor[steps];
        for (int s = 0; s < steps; s++) {
            int t = d == 0 ? s : steps - 1 - s;
            if (mask != null && mask.noneActive(t)) {   // past every sequence's end: nothing changes
                out[t] = Tensor.zerosLike(h);
                continue;
            }
            Tensor[] next = cell.step(projected.select(0, t), h, c, weightHh, biasHh);
            if (mask != null && !mask.allActive(t)) {   // finished sequences keep their state and output zeros
                Tensor active = mask.active(t);
                out[t] = Tensor.where(active, next[0], Tensor.zerosLike(next[0]));
                h = Tensor.where(active, next[0], h);
                if (c != null) c = Tensor.where(active, next[1], c);
            } else {
                out[t] = next[0];
                h = next[0];
                c = next[1];
            }
        }
        return new Tensor[] {Tensor.stack(0, out), h, c};
    }

    private Tensor dropout(Tensor x) {
        if (dropout == 1) return x.mul(0.0);
        Tensor keep = generator.bernoulli(Tensor.fullLike(x, 1 - dropout));
        return x.mul(keep.mul(1 / (1 - dropout)));
    }

    private Tensor initialState(String name, Tensor given, int[] shape, boolean unbatched, Tensor x) {
        if (given == null) {
            int[] batched = unbatched ? new int[] {shape[0], 1, shape[1]} : shape;
            return Tensor.zeros(x.device(), x.dtype(), batched);
        }
        if (!java.util.Arrays.equals(given.shape(), shape)) {
            throw new IllegalArgumentException(describe() + ": expected " + name + " of shape " + Shape.str(shape)
                    + " ([layers * directions, " + (unbatched ? "" : "batch, ") + "hidden]) for input of shape "
                    + Shape.str(x.shape()) + ", got " + Shape.str(given.shape()));
        }
        return unbatched ? given.unsqueeze(1) : given;
    }

    private String expectedInput() {
        return (batchFirst ? "[batch, seq, " : "[seq, batch, ") + inputSize + "] or unbatched [seq, " + inputSize + "]";
    }

    /** Lengths as a long or int tensor of shape [batch], as PyTorch's {@code pack_padded_sequence} takes them. */
    static int[] lengths(Tensor lengths) {
        if (lengths == null) return null;
        if (lengths.rank() != 1 || !lengths.dtype().isInteger()) {
            throw new IllegalArgumentException("lengths: expected an integer tensor of shape [batch], got " + lengths.dtype()
                    + " of shape " + Shape.str(lengths.shape()));
        }
        long[] values = lengths.toLongArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != (int) values[i]) {
                throw new IllegalArgumentException("lengths: " + values[i] + " (sequence " + i + ") is no sequence length");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    @Override
    protected String describe() {
        return cell.layerName() + "(" + inputSize + ", " + hiddenSize
                + (numLayers != 1 ? ", numLayers=" + numLayers : "")
                + (cell == Cell.RNN_RELU ? ", nonlinearity=relu" : "")
                + (bias ? "" : ", bias=false")
                + (batchFirst ? ", batchFirst=true" : "")
                + (dropout != 0 ? ", dropout=" + dropout : "")
                + (bidirectional ? ", bidirectional=true" : "") + ")";
    }
}
