package dev.ember.nn;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.RandomFlip;
import dev.ember.nn.layers.BatchNorm2d;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.schedule.CosineAnnealing;
import dev.ember.nn.train.EarlyStopping;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.ProgressBar;
import dev.ember.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's nn examples, as written there (on the shipped sample, for one epoch), so they stay true. */
class ReadmeExampleTest {
    static final class TwoLayer extends Module {
        private final Linear hidden = child("hidden", new Linear(784, 128));
        private final Linear out = child("out", new Linear(128, 10));
        @Override public Tensor forward(Tensor x) { return out.forward(hidden.forward(x.flatten(1, -1)).relu()); }
    }

    @Test
    void trainerExampleRuns(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.loadSample();
        Sequential model = new Sequential(
                new Conv2d(1, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 14 * 14, 10));
        DataLoader train = DataLoader.builder(data.train()).batchSize(64).shuffle(42)
                .transform(RandomFlip.horizontal(0.5, new Generator(1))).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
        Adam adam = new Adam(model.parameters(), 1e-3);
        History history = new Trainer(model, new CrossEntropyLoss(), adam)
                .schedule(new CosineAnnealing(adam, 10, 0))
                .metric("accuracy", Metrics::accuracy)
                .earlyStopping(EarlyStopping.onValidationLoss(3))
                .checkpointEveryEpoch(dir.resolve("run.safetensors"))
                .progress(ProgressBar.off())
                .fit(train, test, 1);
        history.plot(dir.resolve("curves.png"));
        assertTrue(Files.size(dir.resolve("curves.png")) > 0);
        assertTrue(history.last("val_accuracy") > 0.5, history.toString());
    }

    @Test
    void ownModuleNamesItsParameters() {
        assertEquals(List.of("hidden.weight", "hidden.bias", "out.weight", "out.bias"), List.copyOf(new TwoLayer().stateDict().keySet()));
        assertArrayEquals(new int[] {2, 10}, new TwoLayer().forward(Tensor.zeros(2, 1, 28, 28)).shape());
    }
}
