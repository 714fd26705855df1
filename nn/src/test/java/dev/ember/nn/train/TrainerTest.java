package dev.ember.nn.train;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.train.TinyParts.HalvingSchedule;
import dev.ember.nn.train.TinyParts.MomentumSgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    @TempDir
    Path dir;

    /** Records, on every forward, whether the model was in training mode and whether gradients were on. */
    static final class Probe extends Module {
        final List<String> calls = new ArrayList<>();

        @Override
        public Tensor forward(Tensor x) {
            calls.add((isTraining() ? "train" : "eval") + (Autograd.isGradEnabled() ? "+grad" : "+nograd"));
            return x.relu();
        }
    }

    /** Three separable blobs in 2-D, 48 examples, as 3 batches of 16; labels int64. */
    static List<Batch> blobs(long seed) {
        Generator g = new Generator(seed);
        float[][] centres = {{2, 0}, {-2, 2}, {-2, -2}};
        Tensor noise = g.randn(48, 2).mul(0.4);
        float[] x = noise.toFloatArray();
        long[] y = new long[48];
        for (int i = 0; i < 48; i++) {
            y[i] = i % 3;
            x[2 * i] += centres[i % 3][0];
            x[2 * i + 1] += centres[i % 3][1];
        }
        Tensor inputs = Tensor.of(x, 48, 2);
        Tensor labels = Tensor.of(y);
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) batches.add(new Batch(inputs.narrow(0, 16 * b, 16).contiguous(), labels.narrow(0, 16 * b, 16).contiguous()));
        return batches;
    }

    static Sequential classifier(Probe probe) {
        Sequential m = new Sequential(new Linear(2, 16), probe, new Linear(16, 3));
        Sequential init = new Sequential(new Linear(2, 16, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(2), new Generator(7)),
                new Probe(), new Linear(16, 3, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(16), new Generator(8)));
        m.loadStateDict(init.stateDict());
        return m;
    }

    @Test
    void fitLearnsSeparableClassesAndRecordsEveryMetricPerEpoch() {
        Probe probe = new Probe();
        Sequential model = classifier(probe);
        MomentumSgd opt = new MomentumSgd(model.parameters(), 0.05, 0.9);
        History h = new Trainer(model, TinyParts.CROSS_ENTROPY, opt)
                .metric("accuracy", Metrics::accuracy)
                .metric("f1", (p, t) -> Metrics.f1(p, t, 3))
                .fit(blobs(1), blobs(2), 12);
        assertEquals(List.of("lr", "loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1"), h.metrics());
        assertEquals(12, h.epochs());
        assertTrue(h.last("loss") < h.get("loss").get(0) / 4, h.toString());
        assertTrue(h.last("val_accuracy") >= 0.95, h.toString());
        assertTrue(h.last("val_f1") >= 0.95, h.toString());
        // per epoch: 3 training batches in train mode with gradients, then 3 validation batches in eval mode without
        assertEquals(List.of("train+grad", "train+grad", "train+grad", "eval+nograd", "eval+nograd", "eval+nograd"), probe.calls.subList(0, 6));
        assertEquals(72, probe.calls.size());
        assertTrue(model.isTraining(), "the model is left in training mode");
    }

    @Test
    void theEpochLossIsTheMeanOverExamplesNotOverBatches() {
        // lr 0: nothing changes, so each epoch's loss is the full data's MSE, whatever the batch sizes
        Linear model = new Linear(2, 1);
        Tensor x = new Generator(3).randn(10, 2);
        Tensor y = new Generator(4).randn(10, 1);
        List<Batch> uneven = List.of(new Batch(x.narrow(0, 0, 7), y.narrow(0, 0, 7)), new Batch(x.narrow(0, 7, 3), y.narrow(0, 7, 3)));
        History h = new Trainer(model, TinyParts.MSE, new MomentumSgd(model.parameters(), 0, 0)).fit(uneven, uneven, 2);
        double full = TinyParts.MSE.apply(model.forward(x), y).item();
        assertEquals(full, h.get("loss").get(0), 1e-6);
        assertEquals(full, h.get("val_loss").get(1), 1e-6);
        assertEquals(List.of(0.0, 0.0), h.get("lr"));
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpochsWeights() {
        Sequential model = classifier(new Probe());
        double[] script = {0.5, 0.7, 0.6, 0.65, 0.9};   // val_score per epoch: best at epoch 2, no better in 3 and 4
        int[] calls = {0};
        List<Map<String, Tensor>> weightsPerEpoch = new ArrayList<>();
        Trainer trainer = new Trainer(model, TinyParts.CROSS_ENTROPY, new MomentumSgd(model.parameters(), 0.05, 0.9))
                .metric("score", (p, t) -> script[calls[0]++ / 2])   // called for training, then validation
                .earlyStopping(new EarlyStopping("val_score", EarlyStopping.Mode.MAX, 2, 0.0, true))
                .onEpochEnd((epoch, history) -> {
                    Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
                    model.stateDict().forEach((k, v) -> copy.put(k, v.detach().copy()));
                    weightsPerEpoch.add(copy);
                });
        History h = trainer.fit(blobs(1), blobs(2), 10);
        assertEquals(4, h.epochs());
        assertEquals(4, trainer.stoppedEpoch());
        for (var e : weightsPerEpoch.get(1).entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), model.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertFalse(java.util.Arrays.equals(weightsPerEpoch.get(1).get("0.weight").toFloatArray(), weightsPerEpoch.get(3).get("0.weight").toFloatArray()));
    }

    @Test
    void improvementMustBeatMinDeltaInTheMonitoredDirection() {
        EarlyStopping min = new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, 1, 0.1, false);
        assertTrue(min.improves(0.5, Double.NaN));
        assertTrue(min.improves(0.39, 0.5));
        assertFalse(min.improves(0.41, 0.5));
        assertFalse(min.improves(Double.NaN, 0.5));
        EarlyStopping max = new EarlyStopping("val_accuracy", EarlyStopping.Mode.MAX, 1, 0.0, false);
        assertTrue(max.improves(0.51, 0.5));
        assertFalse(max.improves(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, -1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, 1, -0.1, true));
    }

    /** One run built fresh: model, optimizer and schedule. */
    record Run(Sequential model, MomentumSgd optimizer, HalvingSchedule schedule, Trainer trainer) {
        static Run create(Path checkpoint) {
            Sequential model = classifier(new Probe());
            MomentumSgd opt = new MomentumSgd(model.parameters(), 0.05, 0.9);
            HalvingSchedule schedule = new HalvingSchedule(opt, 2);
            Trainer trainer = new Trainer(model, TinyParts.CROSS_ENTROPY, opt).schedule(schedule, schedule::step)
                    .metric("accuracy", Metrics::accuracy).checkpointEveryEpoch(checkpoint);
            return new Run(model, opt, schedule, trainer);
        }
    }

    @Test
    void aRunResumedFromItsEpochCheckpointEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        Run straight = Run.create(dir.resolve("straight.safetensors"));
        History full = straight.trainer.fit(blobs(1), blobs(2), 5);

        Path checkpoint = dir.resolve("interrupted.safetensors");
        Run.create(checkpoint).trainer.fit(blobs(1), blobs(2), 2);
        assertTrue(Files.exists(checkpoint));

        Run resumed = Run.create(checkpoint);
        History continued = resumed.trainer.resume(checkpoint).fit(blobs(1), blobs(2), 5);
        assertEquals(full.asMap(), continued.asMap());
        assertEquals(straight.schedule.count(), resumed.schedule.count());
        for (var e : straight.model.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), resumed.model.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertEquals(List.of(0.05, 0.05, 0.025, 0.025, 0.0125), full.get("lr"));
    }

    @Test
    void batchTemporariesAndGradientsAreReleasedEveryBatch() {
        Sequential model = classifier(new Probe());
        Trainer trainer = new Trainer(model, TinyParts.CROSS_ENTROPY, new MomentumSgd(model.parameters(), 0.05, 0.9))
                .metric("accuracy", Metrics::accuracy);
        List<Batch> train = blobs(1);
        trainer.fit(train, train, 1);   // creates the optimizer's state
        long before = MemoryScope.liveBytes();
        trainer.fit(train, train, 4);
        assertEquals(before, MemoryScope.liveBytes(), "three more epochs left no tensor behind");
    }

    @Test
    void misuseGivesClearErrors() {
        Linear model = new Linear(2, 1);
        List<Batch> data = List.of(new Batch(Tensor.ones(4, 2), Tensor.ones(4, 1)));
        Trainer perExample = new Trainer(model, (p, t) -> p.sub(t).pow(2), new MomentumSgd(model.parameters(), 0.1, 0));
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class, () -> perExample.fit(data, null, 1));
        assertTrue(scalar.getMessage().contains("the loss must be a scalar"), scalar.getMessage());

        Trainer trainer = new Trainer(model, TinyParts.MSE, new MomentumSgd(model.parameters(), 0.1, 0));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> trainer.fit(List.of(), null, 1));
        assertEquals("Trainer: the training data yielded no examples", empty.getMessage());

        Trainer noValidation = new Trainer(model, TinyParts.MSE, new MomentumSgd(model.parameters(), 0.1, 0))
                .earlyStopping(EarlyStopping.onValidationLoss(2));
        IllegalArgumentException monitor = assertThrows(IllegalArgumentException.class, () -> noValidation.fit(data, null, 3));
        assertTrue(monitor.getMessage().contains("monitors 'val_loss', which the history does not have: [lr, loss] (no validation data given?)"), monitor.getMessage());

        assertThrows(IllegalArgumentException.class, () -> trainer.metric("val_acc", Metrics::accuracy));
        assertEquals(DType.FLOAT32, model.weight().value().dtype());
    }
}
