package dev.ember.nn.train;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.io.Safetensors;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.train.TinyParts.MomentumSgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Freezing with {@code Module.requiresGrad(false)}, and {@link Trainer}s that take a {@link TrainingStep} of the user's. */
@SuppressWarnings("unchecked")
class CustomStepAndFreezingTest {
    @TempDir
    Path dir;

    @Test
    void frozenParametersGetNoGradientAndOptimizersLeaveThemAlone() {
        Sequential model = TrainerTest.classifier(new TrainerTest.Probe());
        Module body = model.namedChildren().get("0");
        assertSame(body, body.requiresGrad(false));
        Map<String, Tensor> before = copy(model.stateDict());
        MomentumSgd opt = new MomentumSgd(model.parameters(), 0.1, 0.9);   // frozen parameters are accepted
        new Trainer(model, TinyParts.CROSS_ENTROPY, opt).fit(TrainerTest.blobs(1), null, 2);
        for (String key : List.of("0.weight", "0.bias")) {
            assertArrayEquals(before.get(key).toFloatArray(), model.stateDict().get(key).toFloatArray(), key);
            assertNull(model.namedParameters().get(key).grad());
            assertFalse(model.namedParameters().get(key).requiresGrad());
        }
        assertFalse(java.util.Arrays.equals(before.get("2.weight").toFloatArray(), model.stateDict().get("2.weight").toFloatArray()),
                "the head trains");
        assertFalse(opt.stateDict().get("has_state").toBooleanArray()[0], "no optimizer state for a frozen parameter");
        model.to(DType.FLOAT64);
        assertFalse(model.namedParameters().get("0.weight").requiresGrad(), "moving a module keeps it frozen");
        assertTrue(model.namedParameters().get("2.weight").requiresGrad());
        body.requiresGrad(true);
        assertTrue(model.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void freezingDropsAGradientAlreadyThere() {
        Linear layer = new Linear(2, 1);
        layer.forward(Tensor.ones(3, 2)).sum().backward();
        assertNotNull(layer.parameters().getFirst().grad());
        layer.requiresGrad(false);
        assertTrue(layer.parameters().stream().allMatch(p -> p.grad() == null));
    }

    /** A step that weighs examples: with every weight 1 it must train exactly as the trainer's own step. */
    @Test
    void aStepOfOnesOwnTrainsAsTheBuiltInOneAndRecordsItsValues() {
        Sequential a = TrainerTest.classifier(new TrainerTest.Probe());
        Sequential b = TrainerTest.classifier(new TrainerTest.Probe());
        MomentumSgd optA = new MomentumSgd(a.parameters(), 0.05, 0.9);
        MomentumSgd optB = new MomentumSgd(b.parameters(), 0.05, 0.9);
        History builtIn = new Trainer(a, TinyParts.CROSS_ENTROPY, optA).metric("accuracy", Metrics::accuracy)
                .fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 3);
        TrainingStep weighted = batch -> {
            Tensor logits = b.forward(batch.inputs());
            Tensor perExample = logits.logSoftmax(1).gather(1, batch.targets().reshape(-1, 1)).neg().reshape(-1);
            Tensor weights = Tensor.onesLike(perExample);
            Tensor loss = perExample.mul(weights).sum().div(weights.sum());
            optB.zeroGrad();
            loss.backward();
            optB.step();
            optB.zeroGrad();
            return TrainingStep.Result.of(loss, logits).with("weight_sum", weights.sum().item());
        };
        History custom = new Trainer(b, TinyParts.CROSS_ENTROPY, optB).step(weighted).metric("accuracy", Metrics::accuracy)
                .fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 3);
        assertEquals(List.of("lr", "loss", "weight_sum", "accuracy", "val_loss", "val_accuracy"), custom.metrics());
        assertEquals(List.of(16.0, 16.0, 16.0), custom.get("weight_sum"));
        for (String m : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            for (int e = 0; e < 3; e++) assertEquals(builtIn.get(m).get(e), custom.get(m).get(e), 1e-6, m);
        }
    }

    /** Two halves, each with its own optimizer, as a GAN's generator and discriminator. */
    static final class TwoParts extends Module {
        final Linear first = child("first", new Linear(2, 3, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(2), new dev.ember.Generator(3)));
        final Linear second = child("second", new Linear(3, 3, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(3), new dev.ember.Generator(4)));

        @Override
        public Tensor forward(Tensor x) { return second.forward(first.forward(x).tanh()); }
    }

    record TwoOptimizerRun(TwoParts model, MomentumSgd firstOpt, MomentumSgd secondOpt, Trainer trainer) {
        static TwoOptimizerRun create(Path checkpoint) {
            TwoParts model = new TwoParts();
            MomentumSgd firstOpt = new MomentumSgd(model.first.parameters(), 0.05, 0.9);
            MomentumSgd secondOpt = new MomentumSgd(model.second.parameters(), 0.02, 0.5);
            // alternate updates, as a GAN does: the first part, then the second on a fresh forward
            TrainingStep step = batch -> {
                Tensor loss = TinyParts.CROSS_ENTROPY.apply(model.forward(batch.inputs()), batch.targets());
                firstOpt.zeroGrad();
                secondOpt.zeroGrad();
                loss.backward();
                firstOpt.step();
                Tensor second = TinyParts.CROSS_ENTROPY.apply(model.forward(batch.inputs()), batch.targets());
                model.zeroGrad();
                second.backward();
                secondOpt.step();
                model.zeroGrad();
                return TrainingStep.Result.of(loss).with("second_loss", second.item());
            };
            Trainer trainer = new Trainer(model, step, firstOpt, secondOpt)
                    .validationStep(batch -> TrainingStep.Result.of(TinyParts.CROSS_ENTROPY.apply(model.forward(batch.inputs()), batch.targets())));
            if (checkpoint != null) trainer.checkpointEveryEpoch(checkpoint);
            return new TwoOptimizerRun(model, firstOpt, secondOpt, trainer);
        }
    }

    @Test
    void severalOptimizersAreCheckpointedAndAResumedRunMatchesAStraightOne() throws IOException {
        TwoOptimizerRun straight = TwoOptimizerRun.create(null);
        History full = straight.trainer().fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 4);
        assertEquals(List.of("lr", "lr_1", "loss", "second_loss", "val_loss"), full.metrics());
        assertEquals(List.of(0.02, 0.02, 0.02, 0.02), full.get("lr_1"));

        Path file = dir.resolve("two.safetensors");
        TwoOptimizerRun.create(file).trainer().fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 2);
        var keys = Safetensors.read(file).tensors().keySet();
        assertTrue(keys.contains("optimizer.0.state.0.momentum_buffer") && keys.contains("optimizer.1.state.0.momentum_buffer"), keys.toString());

        TwoOptimizerRun resumed = TwoOptimizerRun.create(file);
        History continued = resumed.trainer().resume(file).fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 4);
        assertEquals(full.asMap(), continued.asMap());
        assertEquals(straight.secondOpt().steps(), resumed.secondOpt().steps());
        for (var e : straight.model().stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), resumed.model().stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        // a checkpoint of one optimizer does not pass for one of two
        Path single = dir.resolve("single.safetensors");
        TwoParts other = new TwoParts();
        new Trainer(other, TinyParts.CROSS_ENTROPY, new MomentumSgd(other.parameters(), 0.1, 0.9)).checkpointEveryEpoch(single)
                .fit(TrainerTest.blobs(1), null, 1);
        var e = assertThrows(dev.ember.nn.io.CheckpointException.class, () -> TwoOptimizerRun.create(null).trainer().resume(single));
        assertTrue(e.getMessage().contains("optimizer.0"), e.getMessage());
    }

    @Test
    void earlyStoppingWatchesAStepsValuesAndRestoresTheBestWeights() {
        TwoParts model = new TwoParts();
        MomentumSgd opt = new MomentumSgd(model.parameters(), 0.05, 0.9);
        int[] batches = {0};
        // a value that falls for 2 epochs (3 batches each), then rises: the best epoch is 2
        TrainingStep step = batch -> {
            int epoch = batches[0]++ / 3 + 1;
            Tensor loss = TinyParts.CROSS_ENTROPY.apply(model.forward(batch.inputs()), batch.targets());
            opt.zeroGrad();
            loss.backward();
            opt.step();
            opt.zeroGrad();
            return TrainingStep.Result.of(loss).with("gap", Math.abs(epoch - 2));
        };
        Map<String, Tensor>[] atBest = new Map[1];
        Trainer trainer = new Trainer(model, step, opt)
                .earlyStopping(new EarlyStopping("gap", EarlyStopping.Mode.MIN, 2, 0, true))
                .onEpochEnd((epoch, h) -> { if (epoch == 2) atBest[0] = copy(model.stateDict()); });
        History h = trainer.fit(TrainerTest.blobs(1), null, 20);
        assertEquals(4, trainer.stoppedEpoch());
        assertEquals(List.of(1.0, 0.0, 1.0, 2.0), h.get("gap"));
        for (var e : atBest[0].entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), model.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
    }

    @Test
    void misuseOfCustomStepsIsNamed() {
        TwoParts model = new TwoParts();
        MomentumSgd opt = new MomentumSgd(model.parameters(), 0.1, 0);
        Trainer noValidation = new Trainer(model, batch -> TrainingStep.Result.of(Tensor.scalar(1.0)), opt);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> noValidation.fit(TrainerTest.blobs(1), TrainerTest.blobs(2), 1))
                .getMessage().contains("validationStep"));
        Trainer noPredictions = new Trainer(model, batch -> TrainingStep.Result.of(Tensor.scalar(1.0)), opt).metric("accuracy", Metrics::accuracy);
        assertTrue(assertThrows(IllegalStateException.class, () -> noPredictions.fit(TrainerTest.blobs(1), null, 1))
                .getMessage().contains("need predictions"));
        Trainer takenName = new Trainer(model, batch -> TrainingStep.Result.of(Tensor.scalar(1.0)).with("lr_3", 1), opt);
        assertThrows(IllegalArgumentException.class, () -> takenName.fit(TrainerTest.blobs(1), null, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainingStep.Result.of(Tensor.zeros(2)));
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
