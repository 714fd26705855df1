package dev.ember.nn.train;

import dev.ember.Tensor;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trainer.distributed: what it asks of the ranks, seen through a stand-in for a rank that does not lead. */
class TrainerReplicasTest {

    /** Averages by adding 100 (visible in the history), and the leader always says stop. */
    private static final class Follower implements Replicas {
        final List<double[]> averaged = new ArrayList<>();
        int decisions;

        @Override
        public boolean isLeader() { return false; }

        @Override
        public double[] average(double[] values) {
            averaged.add(values.clone());
            double[] out = values.clone();
            for (int i = 0; i < out.length; i++) out[i] += 100;
            return out;
        }

        @Override
        public boolean leaderDecides(boolean decision) {
            decisions++;
            return true;
        }
    }

    @Test
    void aFollowerAveragesItsMetricsWritesNoCheckpointAndStopsWhenTheLeaderSays(@TempDir Path dir) {
        Tensor.manualSeed(3);
        var data = new TensorDataset(Tensor.randn(32, 2), Tensor.randn(32, 1));
        Linear model = new Linear(2, 1);
        Follower follower = new Follower();
        Path checkpoint = dir.resolve("run.safetensors");
        Trainer trainer = new Trainer(model, new MSELoss(), new Sgd(model.parameters(), 0.01))
                .earlyStopping(EarlyStopping.onValidationLoss(50))   // would not stop by itself
                .checkpointEveryEpoch(checkpoint)
                .distributed(follower);
        History h = trainer.fit(new DataLoader(data, 8), new DataLoader(data, 16), 5);
        assertEquals(1, trainer.stoppedEpoch(), "the leader's decision stops this rank after epoch 1");
        assertEquals(1, follower.decisions);
        assertFalse(Files.exists(checkpoint), "only the leader writes checkpoints");
        assertEquals(1, follower.averaged.size());
        assertEquals(3, follower.averaged.get(0).length, "lr, loss and val_loss in one all-reduce");
        assertEquals(follower.averaged.get(0)[1] + 100, h.get("loss").get(0), 1e-12);
        assertTrue(h.get("val_loss").get(0) > 100);
    }
}
