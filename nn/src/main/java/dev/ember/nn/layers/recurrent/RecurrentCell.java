package dev.ember.nn.layers.recurrent;

import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share: one step of their layer, with PyTorch's cell
 * parameters ({@code weight_ih [gates * hidden, input]}, {@code weight_hh [gates * hidden, hidden]},
 * {@code bias_ih}, {@code bias_hh}, all uniform on {@code +-1/sqrt(hidden)}). Input {@code [batch, input]} or
 * unbatched {@code [input]}; states {@code [batch, hidden]} or {@code [hidden]}, zeros when not given.
 */
public abstract class RecurrentCell extends Module {
    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    RecurrentCell(Cell cell, int inputSize, int hiddenSize, boolean bias, Generator generator) {
        String name = cell.layerName() + "Cell";
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(name + ": inputSize and hiddenSize must be >= 1, got " + inputSize + " and " + hiddenSize);
        }
        if (generator == null) throw new IllegalArgumentException(name + ": generator is null");
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        int rows = cell.gates * hiddenSize;
        weightIh = parameter("weight_ih", Init.create(Init.uniform(-bound, bound), generator, rows, inputSize));
        weightHh = parameter("weight_hh", Init.create(Init.uniform(-bound, bound), generator, rows, hiddenSize));
        biasIh = bias ? parameter("bias_ih", Init.create(Init.uniform(-bound, bound), generator, rows)) : null;
        biasHh = bias ? parameter("bias_hh", Init.create(Init.uniform(-bound, bound), generator, rows)) : null;
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    /** One step; {@code h}, {@code c} may be null (zeros); returns {h', c' or null}, unbatched if x was. */
    final Tensor[] step(Tensor x, Tensor h, Tensor c) {
        if (x.rank() != 1 && x.rank() != 2 || x.size(-1) != inputSize) {
            throw wrongShape("[batch, " + inputSize + "] or unbatched [" + inputSize + "]", x);
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(describe() + ": expected a float input, got " + x.dtype() + " of shape " + Shape.str(x.shape()));
        }
        boolean unbatched = x.rank() == 1;
        Tensor xb = unbatched ? x.unsqueeze(0) : x;
        int[] stateShape = unbatched ? new int[] {hiddenSize} : new int[] {xb.size(0), hiddenSize};
        Tensor hb = state("h", h, stateShape, unbatched, x);
        Tensor cb = cell == Cell.LSTM ? state("c", c, stateShape, unbatched, x) : null;
        Tensor bIh = biasIh == null ? null : biasIh.value();
        Tensor bHh = biasHh == null ? null : biasHh.value();
        Tensor xp = xb.linear(weightIh.value(), cell.inputBias(bIh, bHh));
        Tensor[] next = cell.step(xp, hb, cb, weightHh.value(), cell == Cell.GRU ? bHh : null);
        if (unbatched) {
            next[0] = next[0].squeeze(0);
            if (next[1] != null) next[1] = next[1].squeeze(0);
        }
        return next;
    }

    private Tensor state(String name, Tensor given, int[] shape, boolean unbatched, Tensor x) {
        if (given == null) return Tensor.zeros(x.device(), x.dtype(), unbatched ? new int[] {1, hiddenSize} : shape);
        if (!java.util.Arrays.equals(given.shape(), shape)) {
            throw new IllegalArgumentException(describe() + ": expected " + name + " of shape " + Shape.str(shape)
                    + " for input of shape " + Shape.str(x.shape()) + ", got " + Shape.str(given.shape()));
        }
        return unbatched ? given.unsqueeze(0) : given;
    }

    @Override
    protected String describe() {
        return cell.layerName() + "Cell(" + inputSize + ", " + hiddenSize + (cell == Cell.RNN_RELU ? ", nonlinearity=relu" : "")
                + (biasIh == null ? ", bias=false" : "") + ")";
    }
}
