package dev.ember.nn.io;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.optim.Adagrad;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.Optimizer;
import dev.ember.nn.optim.schedule.StepDecay;
import dev.ember.nn.train.TinyParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checkpoints edited by hand or by a script (renamed, dropped or out-of-domain entries, written with their own
 * header, so no checksum vouches for them): each is refused naming the file and every problem, and nothing of
 * the target objects changes.
 */
class DamagedCheckpointTest {
    @TempDir
    Path dir;

    /** A small run: an Adam step has made every state tensor, the schedule has stepped twice. */
    static final class Run {
        final Sequential model = new Sequential(new Linear(3, 4), new Linear(4, 2));
        final Optimizer optimizer;
        final StepDecay schedule;
        final Generator generator = new Generator(7);

        Run(long seed, boolean adagrad) {
            Generator init = new Generator(seed);
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) p.copyFrom(init.randn(p.shape()));
            }
            optimizer = adagrad ? new Adagrad(model.parameters(), 0.1) : new Adam(model.parameters(), 0.1);
            schedule = new StepDecay(optimizer, 0.5, 1);
        }

        Run trained() {
            Tensor loss = TinyParts.MSE.apply(model.forward(Tensor.ones(2, 3)), Tensor.zeros(2, 2));
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            schedule.step();
            schedule.step();
            generator.randn(5);
            return this;
        }

        Checkpoint checkpoint() { return new Checkpoint(model, optimizer).scheduler(schedule).generator(generator); }
    }

    private Path saved(boolean adagrad) throws IOException {
        Path file = dir.resolve(adagrad ? "adagrad.safetensors" : "adam.safetensors");
        new Run(1, adagrad).trained().checkpoint().save(file, 2, Map.of("loss", List.of(0.5, 0.25), "val_loss", List.of(0.6, 0.3)));
        return file;
    }

    /** Rewrites {@code file} with {@code edit} applied to its tensors and metadata, as a script would. */
    private Path edited(Path file, Consumer<Map<String, Tensor>> tensors, Consumer<Map<String, String>> metadata) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        Map<String, String> m = new LinkedHashMap<>(c.metadata());
        tensors.accept(t);
        metadata.accept(m);
        Path out = dir.resolve("edited-" + System.nanoTime() + ".safetensors");
        Safetensors.write(out, t, m);
        return out;
    }

    private Path editedTensors(Path file, Consumer<Map<String, Tensor>> tensors) throws IOException {
        return edited(file, tensors, m -> {});
    }

    /** Loading {@code file} into a fresh run throws naming the file and each problem, and changes nothing. */
    private void assertRefused(Path file, boolean adagrad, String... problems) {
        Run target = new Run(99, adagrad);
        Map<String, float[]> before = new LinkedHashMap<>();
        target.model.stateDict().forEach((k, v) -> before.put(k, v.toFloatArray()));
        double lr = target.optimizer.learningRate();
        long offset = target.generator.offset();
        CheckpointException e = assertThrows(CheckpointException.class, () -> target.checkpoint().load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        for (String p : problems) assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
        target.model.stateDict().forEach((k, v) -> assertArrayEquals(before.get(k), v.toFloatArray(), k));
        assertEquals(0, target.optimizer.steps());
        assertTrue(target.optimizer.stateDict().keySet().stream().noneMatch(k -> k.startsWith("state.")));
        assertEquals(lr, target.optimizer.learningRate());
        assertEquals(0, target.schedule.epoch());
        assertEquals(offset, target.generator.offset());
    }

    @Test
    void theUneditedFileLoads() throws IOException {
        Run target = new Run(99, false);
        Checkpoint.Restored r = target.checkpoint().load(saved(false));
        assertEquals(2, r.epoch());
        assertEquals(List.of(0.5, 0.25), r.history().get("loss"));
        assertEquals(1, target.optimizer.steps());
        assertEquals(2, target.schedule.epoch());
    }

    @Test
    void aRenamedOrDroppedOptimizerStateKeyIsRefused() throws IOException {
        Path file = saved(false);
        assertRefused(editedTensors(file, t -> t.put("optimizer.state.0.exp_avgX", t.remove("optimizer.state.0.exp_avg"))), false,
                "state.0.exp_avgX", "state.0.exp_avg");
        assertRefused(editedTensors(file, t -> t.remove("optimizer.state.1.exp_avg_sq")), false, "state.1.exp_avg_sq");
        // all of one parameter's state gone at once: still missing (Adagrad keeps a single tensor per parameter)
        assertRefused(editedTensors(saved(true), t -> t.remove("optimizer.state.2.sum")), true, "state.2.sum");
        assertRefused(editedTensors(file, t -> t.put("optimizer.state.01.exp_avg", t.get("optimizer.state.1.exp_avg"))), false, "state.01.exp_avg");
    }

    @Test
    void outOfDomainOptimizerValuesAreRefused() throws IOException {
        Path file = saved(false);
        for (double bad : new double[] {-1, Double.NaN, 1.5, 1e30, Double.POSITIVE_INFINITY}) {
            assertRefused(editedTensors(file, t -> t.put("optimizer.step", Tensor.scalar(DType.FLOAT64, bad))), false, "step");
        }
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRefused(editedTensors(file, t -> t.put("optimizer.lr", Tensor.scalar(DType.FLOAT64, bad))), false, "lr");
        }
        assertRefused(editedTensors(file, t -> t.put("optimizer.state.0.exp_avg_sq", t.get("optimizer.state.0.exp_avg_sq").neg().sub(1))), false,
                "state.0.exp_avg_sq");
        assertRefused(editedTensors(file, t -> t.put("optimizer.step", Tensor.scalar(DType.FLOAT64, 0))), false, "step");
        assertRefused(editedTensors(file, t -> t.put("scheduler.last_epoch", Tensor.scalar(DType.FLOAT64, 1e30))), false, "last_epoch");
        assertRefused(editedTensors(file, t -> t.put("model.0.weight", t.get("model.0.weight").to(DType.FLOAT64))), false, "model.0.weight");
    }

    @Test
    void aVanishedOrRenamedHistorySeriesIsRefused() throws IOException {
        Path file = saved(false);
        assertRefused(editedTensors(file, t -> t.remove("history.val_loss")), false, "history.val_loss");
        assertRefused(editedTensors(file, t -> t.put("history.val_losX", t.remove("history.val_loss"))), false, "history.val_losX");
    }

    @Test
    void anOutOfRangeEpochOrGeneratorIsNamedNotAnArithmeticError() throws IOException {
        Path file = saved(false);
        assertRefused(edited(file, t -> {}, m -> m.put("epoch", "3000000000")), false, "epoch", "3000000000");
        assertRefused(edited(file, t -> {}, m -> m.put("epoch", "-1")), false, "epoch");
        assertRefused(edited(file, t -> {}, m -> m.put("generator.offset", "-5")), false, "generator.offset");
        assertRefused(edited(file, t -> {}, m -> m.put("surprise", "1")), false, "surprise");
    }
}
