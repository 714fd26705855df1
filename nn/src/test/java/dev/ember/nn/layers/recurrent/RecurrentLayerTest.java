package dev.ember.nn.layers.recurrent;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Names, shapes, initialisation, errors, dropout and carried state of the recurrent layers. */
class RecurrentLayerTest {
    @Test
    void parameterNamesAndShapesArePyTorchs() {
        LSTM lstm = new LSTM(5, 7, 2, true, false, 0, true, new Generator(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(lstm.stateDict().keySet()));
        assertArrayEquals(new int[] {28, 5}, lstm.stateDict().get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {28, 14}, lstm.stateDict().get("weight_ih_l1").shape());
        assertArrayEquals(new int[] {21, 7}, new GRU(5, 7).stateDict().get("weight_hh_l0").shape());
        assertEquals(List.of("weight_ih", "weight_hh"), List.copyOf(new GRUCell(3, 4, false, new Generator(1)).stateDict().keySet()));
    }

    @Test
    void initialisationIsUniformOnOneOverSqrtHidden() {
        GRU gru = new GRU(30, 100, 1, true, false, 0, false, new Generator(2));
        for (Tensor p : gru.parameters()) {
            assertTrue(p.abs().max().item() <= 0.1, "within 1/sqrt(100)");
            assertTrue(p.abs().max().item() > 0.09, "spread over the whole range");
        }
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        LSTM lstm = new LSTM(4, 3, 2, true, true, 0, false, new Generator(1));
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 5, 6)));
        assertTrue(e.getMessage().startsWith("LSTM(4, 3, numLayers=2, batchFirst=true)"), e.getMessage());
        assertTrue(e.getMessage().contains("[batch, seq, 4]") && e.getMessage().contains("[2, 5, 6]"), e.getMessage());
        var h = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Tensor.zeros(2, 5, 4), new LSTMState(Tensor.zeros(1, 2, 3), Tensor.zeros(2, 2, 3))));
        assertTrue(h.getMessage().contains("h0") && h.getMessage().contains("[2, 2, 3]") && h.getMessage().contains("[1, 2, 3]"), h.getMessage());
        var l = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 5, 4), null, new int[] {5, 6}));
        assertTrue(l.getMessage().contains("[1, 5]"), l.getMessage());
        var c = assertThrows(IllegalArgumentException.class, () -> new GRUCell(4, 3).forward(Tensor.zeros(2, 3)));
        assertTrue(c.getMessage().startsWith("GRUCell(4, 3)") && c.getMessage().contains("[2, 3]"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RNN(4, 3).forward(Tensor.zeros(4)));
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        GRU gru = new GRU(3, 4, 2, true, false, 0.5, false, new Generator(3));
        Tensor x = new Generator(4).randn(6, 2, 3);
        Tensor a = gru.forward(x);
        Tensor b = gru.forward(x);
        assertNotEquals(a.sub(b).abs().max().item(), 0.0, "two masks in training");
        gru.eval();
        assertEquals(0.0, gru.forward(x).sub(gru.forward(x)).abs().max().item(), "no dropout in eval");
        GRU single = new GRU(3, 4, 1, true, false, 0.5, false, new Generator(3));
        assertEquals(0.0, single.forward(x).sub(single.forward(x)).abs().max().item(), "none after the last layer");
    }

    @Test
    void carriedStateGivesTheSameAsOneLongRunAndDetachStopsTheGradient() {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0, false, new Generator(5));
        Tensor x = new Generator(6).randn(8, 2, 3);
        LSTMOutput whole = lstm.forward(x, null);
        LSTMOutput first = lstm.forward(x.narrow(0, 0, 5), null);
        LSTMOutput second = lstm.forward(x.narrow(0, 5, 3), first.state().detach());
        assertEquals(0.0, whole.state().h().sub(second.state().h()).abs().max().item(), 1e-6);
        assertEquals(0.0, whole.output().narrow(0, 5, 3).sub(second.output()).abs().max().item(), 1e-6);
        assertFalse(first.state().detach().h().requiresGrad());
        Tensor x2 = x.narrow(0, 0, 5).detach().requiresGrad(true);
        LSTMOutput chunk = lstm.forward(x2, null);
        lstm.forward(x.narrow(0, 5, 3), chunk.state().detach()).output().sum().backward();
        assertNull(x2.grad(), "no gradient flows back past a detached state");
    }

    @Test
    void lengthsGiveZerosPastTheEndAndTheStateAtTheLastStep() {
        RNN rnn = new RNN(2, 3, 1, RNN.Nonlinearity.TANH, true, true, 0, false, new Generator(7));
        Tensor x = new Generator(8).randn(2, 5, 2);
        RecurrentOutput padded = rnn.forward(x, null, Tensor.of(new long[] {5, 2}, 2));
        assertEquals(0.0, padded.output().select(0, 1).narrow(0, 2, 3).abs().max().item());
        RecurrentOutput alone = rnn.forward(x.select(0, 1).narrow(0, 0, 2).unsqueeze(0), null);
        assertEquals(0.0, alone.hN().select(1, 0).sub(padded.hN().select(1, 1)).abs().max().item(), 1e-6);
        try (var noGrad = Autograd.noGrad()) {
            assertArrayEquals(new int[] {1, 2, 3}, rnn.forward(x, null).hN().shape());
        }
    }
}
