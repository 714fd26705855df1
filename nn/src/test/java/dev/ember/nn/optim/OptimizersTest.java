package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each optimizer against torch.optim 1.13 in float64: parameters w = [[0.5, -1, 2], [0.3, 0, -0.7]] and
 * b = [0.1, -0.2], three steps with gradients 2p + d (d fixed below), final values of w then b.
 */
class OptimizersTest {
    static final double[] DW = {0.1, -0.3, 0.2, -0.5, 0.4, 0.05};
    static final double[] DB = {0.25, -0.15};

    static List<Tensor> parameters() {
        return List.of(Tensor.of(new double[] {0.5, -1.0, 2.0, 0.3, 0.0, -0.7}, 2, 3).requiresGrad(true),
                Tensor.of(new double[] {0.1, -0.2}, 2).requiresGrad(true));
    }

    /** Sets the gradients 2p + d, as the PyTorch script did. */
    static void setGradients(List<Tensor> ps) {
        try (var noGrad = Autograd.noGrad()) {
            ps.get(0).setGrad(ps.get(0).mul(2).add(Tensor.of(DW, 2, 3)));
            ps.get(1).setGrad(ps.get(1).mul(2).add(Tensor.of(DB, 2)));
        }
    }

    static double[] values(List<Tensor> ps) {
        double[] w = ps.get(0).toDoubleArray();
        double[] b = ps.get(1).toDoubleArray();
        double[] out = new double[w.length + b.length];
        System.arraycopy(w, 0, out, 0, w.length);
        System.arraycopy(b, 0, out, w.length, b.length);
        return out;
    }

    static double[] run(Function<List<Tensor>, Optimizer> make, int steps) {
        List<Tensor> ps = parameters();
        Optimizer opt = make.apply(ps);
        for (int i = 0; i < steps; i++) {
            setGradients(ps);
            opt.step();
        }
        return values(ps);
    }

    static void matches(double[] expected, Function<List<Tensor>, Optimizer> make) {
        assertArrayEquals(expected, run(make, 3), 1e-12);
    }

    @Test
    void sgdMatchesPyTorch() {
        // SGD(ps, lr=0.1)
        matches(new double[] {0.2316, -0.4388, 0.9752, 0.2756, -0.0976, -0.3706, -0.0098, -0.0658}, ps -> new Sgd(ps, 0.1));
        // SGD(ps, lr=0.1, momentum=0.9)
        matches(new double[] {-0.015900000000000088, 0.07870000000000002, 0.030199999999999668, 0.2531, -0.18760000000000002,
                -0.06684999999999994, -0.11105000000000001, 0.05795000000000003}, ps -> new Sgd(ps, 0.1, 0.9));
        // SGD(ps, lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)
        matches(new double[] {0.04400556285500001, -0.046744660810000005, 0.25855518122, 0.257495541153, -0.16506585960000003,
                -0.140014071307, -0.08611175669900001, 0.027790886248000014}, ps -> new Sgd(ps, 0.1, 0.9, 0.3, 0.01, false));
        // SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)
        matches(new double[] {-0.11718731593750002, 0.28923572662499997, -0.3590270742500002, 0.2369097410375, -0.21944437900000002,
                0.05982616228749998, -0.14961798111250002, 0.10722213060000003}, ps -> new Sgd(ps, 0.1, 0.9, 0, 0.05, true));
    }

    @Test
    void adagradAndRmspropMatchPyTorch() {
        // Adagrad(ps, lr=0.1)
        matches(new double[] {0.28888077676953683, -0.7792105604744551, 1.7756101508940685, 0.24260221434553642, -0.16872025277342198,
                -0.48528445396560466, -0.07703193488254881, -0.011432774913093385}, ps -> new Adagrad(ps, 0.1));
        // Adagrad(ps, lr=0.1, lr_decay=0.5, weight_decay=0.1)
        matches(new double[] {0.3329431438401137, -0.8279615835663565, 1.826088446678747, 0.23710832260480563, -0.14268092949466007,
                -0.5310392733738762, -0.04834428764333951, -0.04491749211201279}, ps -> new Adagrad(ps, 0.1, 0.5, 0.1, 1e-10));
        // RMSprop(ps, lr=0.01)
        matches(new double[] {0.2884120301702288, -0.7787368123094148, 1.775138247037889, 0.2423612810489218, -0.16903124164352443,
                -0.48481219596858727, -0.07738678985185692, -0.011025407159964785}, ps -> new RMSprop(ps, 0.01));
        // RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.8, centered=True)
        matches(new double[] {0.3536340608492897, -0.8518223123624471, 1.8511087452527928, 0.1983523979302493, -0.13847839863050662,
                -0.5529549718010632, -0.04023719425952449, -0.05763625880561808}, ps -> new RMSprop(ps, 0.01, 0.9, 1e-6, 0.1, 0.8, true));
    }

    @Test
    void adamAndAdamWMatchPyTorch() {
        // Adam(ps, lr=0.1)
        matches(new double[] {0.20411378493249785, -0.7012980233986295, 1.7005866013863884, 0.2428732957548801, -0.26718091936961197,
                -0.4029106412366314, -0.1749051181720896, 0.08396604289183632}, ps -> new Adam(ps, 0.1));
        // Adam(ps, lr=0.1, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, amsgrad=True)
        matches(new double[] {0.20445362039483606, -0.7014226738672147, 1.7006453872143097, 0.22099682257307263, -0.25637219548072737,
                -0.4031259534518543, -0.16744967975688752, 0.08039695983587215}, ps -> new Adam(ps, 0.1, 0.8, 0.9, 1e-6, 0.1, true));
        // AdamW(ps, lr=0.1)
        matches(new double[] {0.20294762710302217, -0.6986182758803932, 1.6949066966253745, 0.24269733304280328, -0.2669153706967339,
                -0.40114364695222926, -0.17487317906472294, 0.08421103350142205}, ps -> Adam.adamW(ps, 0.1));
        // AdamW(ps, lr=0.1, weight_decay=0.2, amsgrad=True)
        matches(new double[] {0.18134269490581578, -0.6488142833828611, 1.5892336170470145, 0.2389850668609346, -0.2619049730019483,
                -0.36835598848760515, -0.17419570183265043, 0.0886648510527563}, ps -> Adam.adamW(ps, 0.1, 0.9, 0.999, 1e-8, 0.2, true));
    }

    /** The two momentum forms, Nesterov included, against the recurrences written out on doubles. */
    @Test
    void momentumFormsFollowTheirRecurrences() {
        double lr = 0.1, beta = 0.9;
        for (boolean nesterov : new boolean[] {false, true}) {
            for (Sgd.Momentum form : Sgd.Momentum.values()) {
                double[] expected = values(parameters());
                double[] v = new double[expected.length];
                double[] d = {DW[0], DW[1], DW[2], DW[3], DW[4], DW[5], DB[0], DB[1]};
                for (int step = 1; step <= 4; step++) {
                    for (int i = 0; i < expected.length; i++) {
                        double g = 2 * expected[i] + d[i];
                        double direction;
                        if (form == Sgd.Momentum.ACCUMULATED) {
                            v[i] = step == 1 ? g : beta * v[i] + g;                       // v = βv + g, v_1 = g
                            direction = nesterov ? g + beta * v[i] : v[i];
                        } else {
                            v[i] = beta * v[i] + (1 - beta) * g;                           // v = βv + (1 - β) g, v_0 = 0
                            direction = nesterov ? (1 - beta) * g + beta * v[i] : v[i];
                        }
                        expected[i] -= lr * direction;
                    }
                }
                Sgd.Momentum f = form;
                boolean n = nesterov;
                assertArrayEquals(expected, run(ps -> new Sgd(ps, lr, beta, f, 0, 0, n), 4), 1e-14, form + " nesterov=" + nesterov);
            }
        }
        // the seeds' factory is the exponential-average setting
        assertArrayEquals(run(ps -> new Sgd(ps, lr, beta, Sgd.Momentum.EXPONENTIAL_AVERAGE, 0, 0, false), 3),
                run(ps -> Sgd.exponentialAverage(ps, lr, beta), 3), 0);
    }

    /** Seed 000 §2.3: s = βs + (1 - β) g², w -= α g / sqrt(s + ε), β = 0.999, ε = 1e-8. */
    @Test
    void rmspropSeedFormPutsEpsUnderTheRoot() {
        double lr = 0.01;
        double[] expected = values(parameters());
        double[] s = new double[expected.length];
        double[] d = {DW[0], DW[1], DW[2], DW[3], DW[4], DW[5], DB[0], DB[1]};
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < expected.length; i++) {
                double g = 2 * expected[i] + d[i];
                s[i] = 0.999 * s[i] + 0.001 * g * g;
                expected[i] -= lr * g / Math.sqrt(s[i] + 1e-8);
            }
        }
        assertArrayEquals(expected, run(ps -> RMSprop.seeds(ps, lr), 3), 1e-13);
    }

    @Test
    void stateDictRoundTripContinuesTheSameRun() {
        List<Function<List<Tensor>, Optimizer>> makers = List.of(
                ps -> new Sgd(ps, 0.1, 0.9, 0.3, 0.01, false), ps -> new Sgd(ps, 0.1, 0.9, 0, 0, true),
                ps -> Sgd.exponentialAverage(ps, 0.1, 0.9), ps -> new Adagrad(ps, 0.1, 0.5, 0.1, 1e-10),
                ps -> new RMSprop(ps, 0.01, 0.9, 1e-6, 0.1, 0.8, true), ps -> new Adam(ps, 0.1, 0.8, 0.9, 1e-6, 0.1, true),
                ps -> Adam.adamW(ps, 0.1), ps -> new Adadelta(ps, 0.5, 0.8, 1e-5, 0.1), ps -> Adam.adamax(ps, 0.1),
                ps -> Adam.nadam(ps, 0.1), ps -> Adam.radam(ps, 0.1));
        for (var make : makers) {
            double[] uninterrupted = run(make, 5);

            List<Tensor> first = parameters();
            Optimizer a = make.apply(first);
            for (int i = 0; i < 2; i++) {
                setGradients(first);
                a.step();
            }
            Map<String, Tensor> saved = a.stateDict();
            List<Tensor> resumed = parameters();
            try (var noGrad = Autograd.noGrad()) {
                for (int i = 0; i < resumed.size(); i++) resumed.get(i).copyFrom(first.get(i));
            }
            Optimizer b = make.apply(resumed);
            b.loadStateDict(saved);
            assertEquals(2, b.steps());
            for (int i = 0; i < 3; i++) {
                setGradients(resumed);
                b.step();
            }
            assertArrayEquals(uninterrupted, values(resumed), 0, a.getClass().getSimpleName() + " " + saved.keySet());
        }
    }

    @Test
    void stateUsesPyTorchNames() {
        List<Tensor> ps = parameters();
        Adam adam = new Adam(ps, 0.1, 0.9, 0.999, 1e-8, 0, true);
        setGradients(ps);
        adam.step();
        assertEquals(List.of("step", "lr", "has_state", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq"), List.copyOf(adam.stateDict().keySet()));
    }

    @Test
    void badHyperparametersAreRejected() {
        List<Tensor> ps = parameters();
        assertEquals("Sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0.0, dampening 0.0",
                assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0, 0, 0, true)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0.9, Sgd.Momentum.EXPONENTIAL_AVERAGE, 0.5, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Sgd.exponentialAverage(ps, 0.1, 1.0));
        assertEquals("Adam: beta2 must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, 1.0, 1e-8, 0, false)).getMessage());
        assertEquals("AdamW: weightDecay must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> Adam.adamW(ps, 0.1, 0.9, 0.999, 1e-8, -0.1, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 1.5, 1e-8, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(ps, -1));
    }
}
