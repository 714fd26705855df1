package dev.ember.nn.io;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.train.TinyParts.HalvingSchedule;
import dev.ember.nn.train.TinyParts.MomentumSgd;
import dev.ember.nn.train.TinyParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path dir;

    /** One run: a model, its optimizer and schedule, and the generator that picks each mini-batch. */
    static final class Run {
        final Sequential model = new Sequential(new Linear(3, 4), new Linear(4, 2));
        final MomentumSgd optimizer = new MomentumSgd(model.parameters(), 0.1, 0.9);
        final HalvingSchedule schedule = new HalvingSchedule(optimizer, 2);
        final Generator shuffle;
        final List<Double> losses = new ArrayList<>();

        Run(long seed) { shuffle = new Generator(seed); }

        Checkpoint checkpoint() { return new Checkpoint(model, optimizer).scheduler(schedule).generator(shuffle); }

        void steps(int n, Tensor x, Tensor y) {
            for (int i = 0; i < n; i++) {
                Tensor pick = shuffle.randint(0, x.size(0), 4);
                Tensor loss = TinyParts.MSE.apply(model.forward(x.indexSelect(0, pick)), y.indexSelect(0, pick));
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                schedule.step();
                losses.add(loss.item());
            }
        }
    }

    @Test
    void resumingFromACheckpointContinuesTheSameRunBitForBit() throws IOException {
        Generator data = new Generator(1);
        Tensor x = data.randn(16, 3);
        Tensor y = data.randn(16, 2);

        Sequential initial = new Run(0).model;
        Run straight = new Run(42);
        straight.model.loadStateDict(initial.stateDict());
        straight.steps(7, x, y);

        Run first = new Run(42);
        first.model.loadStateDict(initial.stateDict());
        first.steps(3, x, y);
        Path file = dir.resolve("run.safetensors");
        first.checkpoint().save(file, 3, Map.of("loss", first.losses));

        Run resumed = new Run(999); // different seed and initial weights: the checkpoint must replace all of it
        Checkpoint.Restored restored = resumed.checkpoint().load(file);
        assertEquals(3, restored.epoch());
        assertEquals(first.losses, restored.history().get("loss"));
        assertEquals(3, resumed.schedule.count());
        assertEquals(first.optimizer.learningRate(), resumed.optimizer.learningRate());
        assertEquals(3, resumed.optimizer.steps());
        resumed.steps(4, x, y);

        for (var e : straight.model.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), resumed.model.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertEquals(straight.losses.subList(3, 7), resumed.losses);
        assertNotEquals(initial.stateDict().get("0.weight").toFloatArray()[0], straight.model.stateDict().get("0.weight").toFloatArray()[0]);
    }

    @Test
    void aModelThatDoesNotMatchListsTheKeysAndNothingIsRestored() throws IOException {
        Run saved = new Run(1);
        saved.steps(1, Tensor.ones(4, 3), Tensor.ones(4, 2));
        Path file = dir.resolve("ckpt.safetensors");
        saved.checkpoint().save(file, 1, Map.of());

        Sequential other = new Sequential(new Linear(3, 5), new Linear(5, 2), new Linear(2, 2));
        MomentumSgd opt = new MomentumSgd(other.parameters(), 0.5, 0.9);
        float[] before = other.stateDict().get("0.weight").toFloatArray();
        CheckpointException e = assertThrows(CheckpointException.class, () -> new Checkpoint(other, opt).load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": model: "), m);
        assertTrue(m.contains("model.0.weight: saved float32 [4, 3], expected float32 [5, 3]"), m);
        assertTrue(m.contains("missing keys [\"model.2.weight\", \"model.2.bias\"]"), m);
        // the optimizer's mismatches are in the same message
        assertTrue(m.contains("optimizer: "), m);
        assertTrue(m.endsWith("; nothing was restored"), m);
        assertArrayEquals(before, other.stateDict().get("0.weight").toFloatArray());
        assertEquals(0.5, opt.learningRate());
    }

    @Test
    void aFailingLaterPartRollsBackTheModel() throws IOException {
        Run saved = new Run(1);
        saved.steps(1, Tensor.ones(4, 3), Tensor.ones(4, 2));
        Path file = dir.resolve("ckpt.safetensors");
        saved.checkpoint().save(file, 1, Map.of());

        Run target = new Run(2);
        float[] before = target.model.stateDict().get("1.bias").toFloatArray();
        // the optimizer covers only some parameters, so the saved state.2/state.3 entries do not fit it
        MomentumSgd partial = new MomentumSgd(target.model.parameters().subList(0, 2), 0.1, 0.9);
        CheckpointException e = assertThrows(CheckpointException.class, () -> new Checkpoint(target.model, partial).load(file));
        assertTrue(e.getMessage().contains("\"optimizer.state.2.momentum_buffer\""), e.getMessage());
        assertTrue(e.getMessage().contains("optimizer.has_state: saved bool [4], expected bool [2]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; nothing was restored"), e.getMessage());
        assertArrayEquals(before, target.model.stateDict().get("1.bias").toFloatArray());
        assertEquals(0, partial.steps());

        CheckpointException noSchedule = assertThrows(CheckpointException.class, () -> {
            Run r = new Run(3);
            Path weightsOnly = dir.resolve("weights.safetensors");
            new Checkpoint(r.model, null).save(weightsOnly, 0, Map.of());
            r.checkpoint().load(weightsOnly);
        });
        assertTrue(noSchedule.getMessage().contains("holds no optimizer state"), noSchedule.getMessage());
    }

    @Test
    void weightsOnlyLoadingIgnoresTheTrainingParts() throws IOException {
        Run saved = new Run(1);
        Path file = dir.resolve("ckpt.safetensors");
        saved.checkpoint().save(file, 5, Map.of("loss", List.of(1.0, 0.5)));
        Sequential fresh = new Sequential(new Linear(3, 4), new Linear(4, 2));
        Checkpoint.Restored r = new Checkpoint(fresh, null).load(file);
        assertEquals(5, r.epoch());
        assertEquals(List.of(1.0, 0.5), r.history().get("loss"));
        assertArrayEquals(saved.model.stateDict().get("1.weight").toFloatArray(), fresh.stateDict().get("1.weight").toFloatArray());

        Path plain = dir.resolve("plain.safetensors");
        Safetensors.write(plain, fresh.stateDict());
        CheckpointException e = assertThrows(CheckpointException.class, () -> new Checkpoint(fresh, null).load(plain));
        assertTrue(e.getMessage().contains("not an Ember checkpoint"), e.getMessage());
        assertTrue(Files.exists(plain));
    }
}
