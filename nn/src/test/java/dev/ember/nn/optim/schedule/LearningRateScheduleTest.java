package dev.ember.nn.optim.schedule;

import dev.ember.Tensor;
import dev.ember.nn.optim.Optimizer;
import dev.ember.nn.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

class LearningRateScheduleTest {
    static Optimizer sgd(double lr) { return new Sgd(List.of(Tensor.zeros(2).requiresGrad(true)), lr); }

    /** The optimizer's rate after each of {@code epochs} steps. */
    static double[] rates(Function<Optimizer, LearningRateSchedule> make, double lr, int epochs) {
        Optimizer opt = sgd(lr);
        LearningRateSchedule s = make.apply(opt);
        double[] out = new double[epochs];
        for (int t = 0; t < epochs; t++) {
            s.step();
            out[t] = opt.learningRate();
        }
        return out;
    }

    @Test
    void seedFormulasPerEpoch() {
        // α_t = α0 / (1 + decay t)
        assertArrayEquals(new double[] {0.1 / 1.5, 0.1 / 2, 0.1 / 2.5}, rates(o -> new TimeBasedDecay(o, 0.5), 0.1, 3), 1e-15);
        // α_t = α0 drop^floor(t / epochsPerDrop)
        assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.025, 0.025}, rates(o -> new StepDecay(o, 0.5, 2), 0.1, 5), 1e-15);
        // α_t = α0 e^(-k t)
        assertArrayEquals(new double[] {0.1 * Math.exp(-0.2), 0.1 * Math.exp(-0.4)}, rates(o -> new ExponentialDecay(o, 0.2), 0.1, 2), 1e-15);
    }

    @Test
    void cosineAnnealingMatchesPyTorch() {
        // CosineAnnealingLR(SGD(lr=0.1), T_max=4, eta_min=0.01), _get_closed_form_lr() after each step
        assertArrayEquals(new double[] {0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01,
                0.023180194846605356, 0.055}, rates(o -> new CosineAnnealing(o, 4, 0.01), 0.1, 6), 1e-15);
    }

    @Test
    void stateRoundTripResumesTheSchedule() {
        Optimizer a = sgd(0.1);
        StepDecay s = new StepDecay(a, 0.5, 2);
        for (int i = 0; i < 3; i++) s.step();
        Map<String, Tensor> saved = s.stateDict();
        assertEquals(List.of("last_epoch", "base_lr"), List.copyOf(saved.keySet()));

        Optimizer b = sgd(0.7);                          // a different rate: the schedule's state must win
        StepDecay resumed = new StepDecay(b, 0.5, 2);
        resumed.loadStateDict(saved);
        assertEquals(3, resumed.epoch());
        assertEquals(0.1, resumed.initialRate());
        assertEquals(a.learningRate(), b.learningRate());
        s.step();
        resumed.step();
        assertEquals(a.learningRate(), b.learningRate());
        assertEquals(0.025, b.learningRate(), 1e-15);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resumed.loadStateDict(Map.of("last_epoch", Tensor.scalar(3))));
        assertTrue(e.getMessage().startsWith("StepDecay.loadStateDict: missing keys [base_lr], mismatched [last_epoch: saved float32 [], expected float64 []]"), e.getMessage());
        assertEquals(4, resumed.epoch());
    }

    @Test
    void badHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(sgd(0.1), 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimeBasedDecay(sgd(0.1), -1));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealing(sgd(0.1), 0, 0));
    }
}
