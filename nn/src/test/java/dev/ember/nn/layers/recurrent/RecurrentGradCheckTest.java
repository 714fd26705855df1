package dev.ember.nn.layers.recurrent;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float64 central differences against the gradients of every cell and layer, with respect to the input, the
 * initial states and every parameter: several layers, both directions, variable lengths. Tiny sizes: fast.
 */
class RecurrentGradCheckTest {
    private static final Generator DATA = new Generator(7);

    @Test
    void cells() {
        Generator g = new Generator(3);
        Tensor x = randn(3, 2);
        Tensor h = randn(3, 3);
        Tensor c = randn(3, 3);
        for (RecurrentCell cell : new RecurrentCell[] {new RNNCell(2, 3, true, RNN.Nonlinearity.TANH, g),
                new RNNCell(2, 3, true, RNN.Nonlinearity.RELU, g), new GRUCell(2, 3, true, g)}) {
            cell.to(DType.FLOAT64);
            Function<Tensor[], Tensor> f = in -> cell instanceof GRUCell gru ? gru.forward(in[0], in[1]) : ((RNNCell) cell).forward(in[0], in[1]);
            check(cell.toString(), f, x, h);
            ParameterGradCheck.check(cell, () -> f.apply(new Tensor[] {x, h}).mul(weightsLike(3, 3)).sum());
        }
        LSTMCell lstm = new LSTMCell(2, 3, true, g);
        lstm.to(DType.FLOAT64);
        Function<Tensor[], Tensor> f = in -> {
            LSTMState s = lstm.forward(in[0], new LSTMState(in[1], in[2]));
            return Tensor.cat(1, s.h(), s.c().mul(0.5));
        };
        check("LSTMCell", f, x, h, c);
        ParameterGradCheck.check(lstm, () -> f.apply(new Tensor[] {x, h, c}).mul(weightsLike(3, 6)).sum());
    }

    @Test
    void layersWithSeveralLayersBothDirectionsAndLengths() {
        Generator g = new Generator(5);
        int[] lengths = {4, 2};
        RecurrentLayer[] layers = {
            new RNN(2, 2, 2, RNN.Nonlinearity.TANH, true, false, 0, true, g),
            new LSTM(2, 2, 2, true, false, 0, true, g),
            new GRU(2, 2, 2, true, false, 0, true, g),
        };
        Tensor x = randn(4, 2, 2);      // [seq, batch, input]
        Tensor h0 = randn(4, 2, 2);     // [layers * directions, batch, hidden]
        Tensor c0 = randn(4, 2, 2);
        for (RecurrentLayer layer : layers) {
            layer.to(DType.FLOAT64);
            for (int[] l : new int[][] {null, lengths}) {
                Function<Tensor[], Tensor> f = in -> outputs(layer, in[0], in[1], in[2], l);
                check(layer + (l == null ? "" : " with lengths"), f, x, h0, c0);
                if (l == null) continue;   // the parameters once, through the masked path (the longer check)
                Tensor projection = weightsLike(f.apply(new Tensor[] {x, h0, c0}).shape());
                ParameterGradCheck.check(layer, () -> f.apply(new Tensor[] {x, h0, c0}).mul(projection).sum());
            }
        }
    }

    @Test
    void batchFirstAndUnbatched() {
        Generator g = new Generator(6);
        LSTM lstm = new LSTM(2, 3, 1, true, true, 0, false, g);
        lstm.to(DType.FLOAT64);
        check("LSTM batch first", in -> outputs(lstm, in[0], null, null, null), randn(2, 4, 2));
        GRU gru = new GRU(2, 3, 1, true, false, 0, true, g);
        gru.to(DType.FLOAT64);
        check("GRU unbatched", in -> outputs(gru, in[0], in[1], null, null), randn(4, 2), randn(2, 3));
    }

    /** The output, final h (and c) in one tensor, so one check covers every path of the gradient. */
    private static Tensor outputs(Module layer, Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        return switch (layer) {
            case LSTM lstm -> {
                LSTMOutput out = lstm.forward(x, h0 == null ? null : new LSTMState(h0, c0), lengths);
                yield Tensor.cat(0, out.output().reshape(-1), out.state().h().reshape(-1), out.state().c().reshape(-1));
            }
            case GRU gru -> join(gru.forward(x, h0, lengths));
            case RNN rnn -> join(rnn.forward(x, h0, lengths));
            default -> throw new IllegalArgumentException(layer.toString());
        };
    }

    private static Tensor join(RecurrentOutput out) { return Tensor.cat(0, out.output().reshape(-1), out.hN().reshape(-1)); }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }

    private static Tensor randn(int... shape) { return DATA.randn(DType.FLOAT64, shape); }

    private static Tensor weightsLike(int... shape) { return new Generator(11).randn(DType.FLOAT64, shape); }
}
