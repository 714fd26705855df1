package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static dev.ember.nn.optim.OptimizersTest.parameters;
import static dev.ember.nn.optim.OptimizersTest.run;
import static dev.ember.nn.optim.OptimizersTest.setGradients;
import static dev.ember.nn.optim.OptimizersTest.values;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Adadelta, Adamax, NAdam, RAdam and LBFGS against torch.optim 1.13 in float64 (optimizers.txt, written by
 * nn/src/test/python/optimizers.py), on OptimizersTest's problem; their checkpoints and builders.
 */
class OptimizersTorchTest {
    /** Each case: steps, then w and b after them (for LBFGS also {@code <case>.losses}). */
    static Map<String, double[]> reference() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                OptimizersTorchTest.class.getResourceAsStream("optimizers.txt"), "optimizers.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] parts = line.trim().split(" ");
                out.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }

    static void matches(Map<String, double[]> ref, String name, Function<List<Tensor>, Optimizer> make) {
        double[] row = ref.get(name);
        int steps = (int) row[0];
        assertArrayEquals(Arrays.copyOfRange(row, 1, row.length), run(make, steps), 1e-12, name);
    }

    @Test
    void firstOrderOptimizersMatchPyTorch() throws IOException {
        Map<String, double[]> ref = reference();
        matches(ref, "adadelta", Adadelta::new);
        matches(ref, "adadelta_all", ps -> new Adadelta(ps, 0.5, 0.8, 1e-5, 0.1));
        matches(ref, "adamax", ps -> Adam.adamax(ps, 0.1));
        matches(ref, "adamax_all", ps -> Adam.builder(ps).variant(Adam.Variant.ADAMAX).lr(0.05).betas(0.8, 0.9).eps(1e-6).weightDecay(0.1).build());
        matches(ref, "radam", ps -> Adam.radam(ps, 0.1));   // 8 steps: the rectified step starts at the 6th
        matches(ref, "radam_all", ps -> Adam.builder(ps).variant(Adam.Variant.RADAM).lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1).build());
        matches(ref, "nadam", ps -> Adam.nadam(ps, 0.1));
        matches(ref, "nadam_all", ps -> new Adam(Adam.Variant.NADAM, ps, 0.05, 0.8, 0.9, 1e-6, 0.1, Adam.WeightDecay.L2, false, 0.01));
    }

    /** The loss of the script: sum(p^2 + d p + p^4/4) + 0.1 (sum w)^2 + 5 (w00 - w01^2)^2. */
    static Tensor loss(List<Tensor> ps) {
        Tensor w = ps.get(0), b = ps.get(1);
        Tensor dw = Tensor.of(OptimizersTest.DW, 2, 3), db = Tensor.of(OptimizersTest.DB, 2);
        Tensor l = w.mul(w).add(dw.mul(w)).add(w.pow(4).mul(0.25)).sum()
                .add(b.mul(b).add(db.mul(b)).add(b.pow(4).mul(0.25)).sum())
                .add(w.sum().pow(2).mul(0.1));
        Tensor rosen = w.select(0, 0).select(0, 0).sub(w.select(0, 0).select(0, 1).pow(2));
        return l.add(rosen.pow(2).mul(5));
    }

    static double[] lbfgs(LBFGS opt, List<Tensor> ps, int steps) {
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = opt.step(() -> {
                opt.zeroGrad();
                Tensor l = loss(ps);
                l.backward();
                return l;
            }).item();
        }
        return losses;
    }

    @Test
    void lbfgsMatchesPyTorchWithAndWithoutLineSearch() throws IOException {
        Map<String, double[]> ref = reference();
        record Case(String name, Function<List<Tensor>, LBFGS> make) {}
        for (Case c : List.of(
                new Case("lbfgs", ps -> LBFGS.builder(ps).lr(1).maxIter(4).historySize(3).build()),
                new Case("lbfgs_wolfe", ps -> LBFGS.builder(ps).maxIter(4).historySize(3).lineSearch(LBFGS.LineSearch.STRONG_WOLFE).build()),
                new Case("lbfgs_small", ps -> new LBFGS(ps, 0.1, 4, 5, 1e-7, 1e-9, 100, LBFGS.LineSearch.NONE)),
                new Case("lbfgs_small_wolfe", ps -> LBFGS.builder(ps).lr(0.1).maxIter(4).lineSearch(LBFGS.LineSearch.STRONG_WOLFE).build()))) {
            List<Tensor> ps = parameters();
            double[] losses = lbfgs(c.make().apply(ps), ps, 3);
            double[] row = ref.get(c.name()), lossRow = ref.get(c.name() + ".losses");
            assertArrayEquals(Arrays.copyOfRange(lossRow, 1, lossRow.length), losses, 1e-12, c.name() + " losses");
            assertArrayEquals(Arrays.copyOfRange(row, 1, row.length), values(ps), 1e-10, c.name());
        }
    }

    @Test
    void lbfgsNeedsAClosureAndOneLoss() {
        List<Tensor> ps = parameters();
        LBFGS opt = new LBFGS(ps);
        assertTrue(assertThrows(IllegalStateException.class, opt::step).getMessage().startsWith("LBFGS.step needs a closure"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(() -> ps.get(1).mul(2)));
        assertEquals("LBFGS: the closure must return the loss, a one-element tensor, got shape [2]", e.getMessage());
    }

    @Test
    void lbfgsCheckpointContinuesTheSameRun() {
        List<Tensor> straight = parameters();
        double[] uninterrupted = lbfgs(LBFGS.builder(straight).maxIter(3).historySize(2).build(), straight, 4);

        List<Tensor> first = parameters();
        LBFGS a = LBFGS.builder(first).maxIter(3).historySize(2).build();
        double[] before = lbfgs(a, first, 2);
        Map<String, Tensor> saved = a.stateDict();
        assertTrue(saved.keySet().containsAll(List.of("step", "lr", "func_evals", "n_iter", "d", "t", "H_diag", "ro",
                "prev_flat_grad", "prev_loss", "old_dirs.0", "old_stps.1")), saved.keySet().toString());
        List<Tensor> resumed = parameters();
        try (var noGrad = Autograd.noGrad()) {
            for (int i = 0; i < resumed.size(); i++) resumed.get(i).copyFrom(first.get(i));
        }
        LBFGS b = LBFGS.builder(resumed).maxIter(3).historySize(2).build();
        b.loadStateDict(saved);
        assertEquals(2, b.steps());
        double[] after = lbfgs(b, resumed, 2);
        assertArrayEquals(uninterrupted, new double[] {before[0], before[1], after[0], after[1]}, 0);
        assertArrayEquals(values(straight), values(resumed), 0);

        Map<String, Tensor> damaged = new HashMap<>(saved);
        damaged.remove("old_stps.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(damaged));
        assertTrue(e.getMessage().contains("missing keys [old_stps.1]"), e.getMessage());
        assertTrue(LBFGS.builder(parameters()).historySize(1).build().checkStateDict(saved).summary().contains("more than historySize 1"));
    }

    /** Their round trip is in {@link OptimizersTest#stateDictRoundTripContinuesTheSameRun}; here, the key names. */
    @Test
    void adamaxStateUsesPyTorchNames() {
        List<Tensor> ps = parameters();
        Optimizer adamax = Adam.adamax(ps, 0.1);
        setGradients(ps);
        adamax.step();
        assertEquals(List.of("step", "lr", "has_state", "state.0.exp_avg", "state.0.exp_inf", "state.1.exp_avg", "state.1.exp_inf"),
                List.copyOf(adamax.stateDict().keySet()));
    }

    @Test
    void buildersNameEveryHyperparameterAndKeepPyTorchsDefaults() {
        // the builder and the positional constructor make the same optimizer
        assertArrayEquals(run(ps -> new Adam(ps, 2e-4, 0.5, 0.999, 1e-8, 0, false), 3),
                run(ps -> Adam.builder(ps).lr(2e-4).betas(0.5, 0.999).build(), 3), 0);
        assertArrayEquals(run(ps -> Adam.adamW(ps, 1e-3), 3), run(ps -> Adam.builder(ps).adamW().build(), 3), 0);
        assertArrayEquals(run(ps -> Adam.nadam(ps, 2e-3), 3), run(ps -> Adam.builder(ps).variant(Adam.Variant.NADAM).build(), 3), 0);
        assertArrayEquals(run(ps -> new Sgd(ps, 0.1, 0.9, 0, 0.05, true), 3),
                run(ps -> Sgd.builder(ps).lr(0.1).momentum(0.9).weightDecay(0.05).nesterov(true).build(), 3), 0);
        assertArrayEquals(run(ps -> Sgd.exponentialAverage(ps, 0.1, 0.9), 3),
                run(ps -> Sgd.builder(ps).lr(0.1).momentum(0.9).form(Sgd.Momentum.EXPONENTIAL_AVERAGE).build(), 3), 0);
        assertArrayEquals(run(ps -> new Adagrad(ps, 0.1, 0.5, 0.1, 1e-10), 3),
                run(ps -> Adagrad.builder(ps).lr(0.1).lrDecay(0.5).weightDecay(0.1).build(), 3), 0);
        assertArrayEquals(run(ps -> new RMSprop(ps, 0.01, 0.9, 1e-6, 0.1, 0.8, true), 3),
                run(ps -> RMSprop.builder(ps).alpha(0.9).eps(1e-6).weightDecay(0.1).momentum(0.8).centered(true).build(), 3), 0);
        assertArrayEquals(run(ps -> new Adadelta(ps, 1.0, 0.95, 1e-6, 0), 3), run(ps -> Adadelta.builder(ps).rho(0.95).build(), 3), 0);
        List<Tensor> ps = parameters();
        assertEquals(2e-3, Adam.builder(ps).variant(Adam.Variant.ADAMAX).build().learningRate());
        assertEquals(1e-2, RMSprop.builder(ps).build().learningRate());
        assertEquals("Sgd.builder: set the learning rate with lr(...) (SGD has no default)",
                assertThrows(IllegalArgumentException.class, () -> Sgd.builder(ps).momentum(0.9).build()).getMessage());
        assertEquals("NAdam: amsgrad is a setting of Adam and AdamW only",
                assertThrows(IllegalArgumentException.class, () -> Adam.builder(ps).variant(Adam.Variant.NADAM).amsgrad(true).build()).getMessage());
        assertEquals("Adadelta: rho must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Adadelta.builder(ps).rho(1).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LBFGS.builder(ps).historySize(0).build());
    }
}
