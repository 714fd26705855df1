package dev.ember.nn.optim.schedule;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.optim.Optimizer;
import dev.ember.nn.optim.Sgd;
import dev.ember.nn.train.Trainer;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * The schedules under PyTorch's names against torch.optim.lr_scheduler 1.13 (lr-schedulers.txt, written by
 * nn/src/test/python/lr_schedulers.py): the rate after construction and after each step, on SGD(lr=0.1).
 */
class PyTorchSchedulesTest {
    static final double[] PLATEAU_METRICS = {1, 0.95, 0.94, 0.93, 0.8, 0.79, 0.79, 0.78, 0.77, 0.76, 0.75, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6};

    static Map<String, double[]> reference() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                PyTorchSchedulesTest.class.getResourceAsStream("lr-schedulers.txt"), "lr-schedulers.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] parts = line.trim().split(" ");
                out.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }

    static Optimizer sgd() { return new Sgd(List.of(Tensor.zeros(2).requiresGrad(true)), 0.1); }

    /** The rate after construction, then after each of {@code steps} steps. */
    static double[] rates(Function<Optimizer, LearningRateSchedule> make, int steps) {
        Optimizer opt = sgd();
        LearningRateSchedule s = make.apply(opt);
        double[] out = new double[steps + 1];
        out[0] = opt.learningRate();
        for (int t = 1; t <= steps; t++) {
            s.step();
            out[t] = opt.learningRate();
        }
        return out;
    }

    static void matches(Map<String, double[]> ref, String name, Function<Optimizer, LearningRateSchedule> make) {
        double[] expected = ref.get(name);
        assertArrayEquals(expected, rates(make, expected.length - 1), 1e-12, name);
    }

    @Test
    void closedFormSchedulesMatchPyTorch() throws IOException {
        Map<String, double[]> ref = reference();
        matches(ref, "step", o -> new StepLR(o, 3, 0.5));
        matches(ref, "multistep", o -> new MultiStepLR(o, new int[] {2, 5, 6}, 0.3));
        matches(ref, "exponential", o -> new ExponentialLR(o, 0.8));
        matches(ref, "cosine", o -> new CosineAnnealingLR(o, 5, 0.01));   // PyTorch's recursive form, past tMax too
        matches(ref, "linear", o -> new LinearLR(o, 0.25, 1.0, 4));
        matches(ref, "linear_down", o -> new LinearLR(o, 1.0, 0.1, 5));
        matches(ref, "linear_default", LinearLR::new);
    }

    @Test
    void sequentialWarmUpMatchesPyTorch() throws IOException {
        Map<String, double[]> ref = reference();
        matches(ref, "warmup_cosine", o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 3), new CosineAnnealingLR(o, 6, 0.001)),
                new int[] {3}));
        matches(ref, "sequential3", o -> new SequentialLR(o, List.of(new LinearLR(o, 0.5, 1.0, 2), new StepLR(o, 2, 0.5),
                new ExponentialLR(o, 0.9)), new int[] {2, 6}));
    }

    @Test
    void oneCycleMatchesPyTorchUpToItsLastStep() throws IOException {
        Map<String, double[]> ref = reference();
        // PyTorch extrapolates the step after the last batch (step totalSteps); Ember holds the final rate there
        double[] two = ref.get("onecycle");
        double[] got = rates(o -> new OneCycleLR(o, 1.0, 10), 10);
        assertArrayEquals(Arrays.copyOf(two, 10), Arrays.copyOf(got, 10), 1e-12);
        assertEquals(1.0 / 25 / 1e4, got[10], 1e-18);
        double[] three = ref.get("onecycle3");
        got = rates(o -> new OneCycleLR(o, 0.5, 12, 0.25, OneCycleLR.Anneal.LINEAR, 10, 100, true), 12);
        assertArrayEquals(Arrays.copyOf(three, 12), Arrays.copyOf(got, 12), 1e-12);
        assertTrue(three[12] < 0, "PyTorch's extrapolated rate, which Ember would refuse");
        assertEquals(0.5 / 10 / 100, got[12], 1e-18);

        OneCycleLR done = new OneCycleLR(sgd(), 1.0, 2);
        done.step();
        done.step();
        assertEquals("OneCycleLR: tried to step 3 times; the schedule has 2 steps", assertThrows(IllegalStateException.class, done::step).getMessage());
    }

    static double[] plateau(ReduceLROnPlateau.Mode mode, double factor, int patience, double threshold,
                            ReduceLROnPlateau.ThresholdMode thresholdMode, int cooldown, double minLr) {
        Optimizer opt = sgd();
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, 1e-8);
        double[] out = new double[PLATEAU_METRICS.length + 1];
        out[0] = opt.learningRate();
        for (int i = 0; i < PLATEAU_METRICS.length; i++) {
            s.step(PLATEAU_METRICS[i]);
            out[i + 1] = opt.learningRate();
        }
        return out;
    }

    @Test
    void reduceOnPlateauMatchesPyTorch() throws IOException {
        Map<String, double[]> ref = reference();
        var min = ReduceLROnPlateau.Mode.MIN;
        var rel = ReduceLROnPlateau.ThresholdMode.REL;
        assertArrayEquals(ref.get("plateau"), plateau(min, 0.5, 2, 0.1, rel, 1, 0.01), 1e-15);
        assertArrayEquals(ref.get("plateau_max_abs"), plateau(ReduceLROnPlateau.Mode.MAX, 0.3, 1, 0.05, ReduceLROnPlateau.ThresholdMode.ABS, 0, 0), 1e-15);
        assertArrayEquals(ref.get("plateau_default"), plateau(min, 0.1, 10, 1e-4, rel, 0, 0), 1e-15);
    }

    @Test
    void statesRoundTripAndResumeTheSameRates() {
        List<Function<Optimizer, LearningRateSchedule>> makers = List.of(o -> new StepLR(o, 3, 0.5),
                o -> new MultiStepLR(o, new int[] {2, 5}, 0.3), o -> new LinearLR(o, 0.25, 1.0, 4),
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 3), new CosineAnnealingLR(o, 6, 0.001)), new int[] {3}),
                o -> new OneCycleLR(o, 1.0, 10));
        for (var make : makers) {
            double[] straight = rates(make, 8);
            Optimizer a = sgd();
            LearningRateSchedule s = make.apply(a);
            for (int i = 0; i < 4; i++) s.step();
            Map<String, Tensor> saved = s.stateDict();
            Optimizer b = new Sgd(List.of(Tensor.zeros(2).requiresGrad(true)), 0.7);
            LearningRateSchedule resumed = make.apply(b);
            resumed.loadStateDict(saved);
            assertEquals(straight[4], b.learningRate(), 1e-15, s.getClass().getSimpleName());
            for (int i = 5; i <= 8; i++) {
                resumed.step();
                assertEquals(straight[i], b.learningRate(), 1e-15, s.getClass().getSimpleName() + " step " + i);
            }
        }
        Optimizer o = sgd();
        SequentialLR seq = new SequentialLR(o, List.of(new LinearLR(o), new StepLR(o, 2)), new int[] {5});
        assertEquals(List.of("last_epoch", "base_lr", "schedules.0.last_epoch", "schedules.0.base_lr", "schedules.1.last_epoch",
                "schedules.1.base_lr"), List.copyOf(seq.stateDict().keySet()));
        Map<String, Tensor> bad = new HashMap<>(seq.stateDict());
        bad.remove("schedules.1.base_lr");
        bad.put("schedules.7.base_lr", Tensor.scalar(DType.FLOAT64, 1));
        assertEquals("missing keys [schedules.1.base_lr], unexpected keys [schedules.7.base_lr]", seq.checkStateDict(bad).summary());

        Optimizer p = sgd();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(p, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0, ReduceLROnPlateau.ThresholdMode.REL, 2, 0, 1e-8);
        for (double m : new double[] {1, 2, 3}) plateau.step(m);
        Optimizer q = sgd();
        q.setLearningRate(p.learningRate());
        ReduceLROnPlateau copy = new ReduceLROnPlateau(q, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0, ReduceLROnPlateau.ThresholdMode.REL, 2, 0, 1e-8);
        copy.loadStateDict(plateau.stateDict());
        for (double m : new double[] {4, 5, 6, 7}) {
            plateau.step(m);
            copy.step(m);
            assertEquals(p.learningRate(), q.learningRate());
        }
        assertEquals(1.0, copy.best());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(), 0));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLR(sgd(), new int[] {5, 2}));
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(), 0, 1, 5));
        Optimizer o = sgd();
        assertEquals("SequentialLR: 2 schedules need 1 milestones, got []",
                assertThrows(IllegalArgumentException.class, () -> new SequentialLR(o, List.of(new LinearLR(o), new StepLR(o, 2)), new int[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(o, List.of(new LinearLR(o), new StepLR(sgd(), 2)), new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.Mode.MIN, 1.0, 1, 0, ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd()).step(Double.NaN));
    }

    /** A tiny regression: the trainer steps OneCycleLR per batch and ReduceLROnPlateau with the validation loss. */
    @Test
    void trainerStepsThemPerBatchAndOnTheValidationLoss() {
        Tensor x = Tensor.arange(24).to(DType.FLOAT32).div(24).reshape(12, 2);
        Tensor y = x.sum(new int[] {1}, true);
        List<Batch> train = List.of(new Batch(x.narrow(0, 0, 6), y.narrow(0, 0, 6)), new Batch(x.narrow(0, 6, 6), y.narrow(0, 6, 6)));
        List<Batch> validation = List.of(new Batch(x, y.add(1)));   // a loss that hardly moves: a plateau
        dev.ember.nn.loss.Loss mse = (p, t) -> p.sub(t).pow(2).mean();

        Sequential model = new Sequential(new Linear(2, 1));
        Sgd opt = new Sgd(model.parameters(), 0.1);
        OneCycleLR cycle = new OneCycleLR(opt, 0.2, 6);
        var history = new Trainer(model, mse, opt).schedulePerBatch(cycle).fit(train, null, 3);
        assertEquals(6, cycle.epoch(), "two batches an epoch for three epochs");
        double[] expected = rates(o -> new OneCycleLR(o, 0.2, 6), 6);
        assertEquals(List.of(expected[0], expected[2], expected[4]), history.get("lr"));

        Sequential model2 = new Sequential(new Linear(2, 1));
        Sgd opt2 = new Sgd(model2.parameters(), 0.001);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt2, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0.5, ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 1e-12);
        new Trainer(model2, mse, opt2).schedule(plateau).fit(train, validation, 3);
        assertEquals(3, plateau.epoch());
        assertEquals(0.001 / 4, opt2.learningRate(), 1e-15, "halved after epochs 2 and 3, whose losses did not halve");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model2, mse, opt2).schedule(new ReduceLROnPlateau(opt2)).fit(train, null, 1));
        assertTrue(e.getMessage().startsWith("ReduceLROnPlateau monitors 'val_loss'"), e.getMessage());
    }
}
