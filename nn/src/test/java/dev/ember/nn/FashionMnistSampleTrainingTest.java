package dev.ember.nn;

import dev.ember.Tensor;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.layers.BatchNorm2d;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains on the Fashion-MNIST sample shipped in the jar (4000 training, 1000 test images), end to end through
 * DataLoader, layers, cross-entropy, Adam and Trainer. Chance is 10%; a network whose gradients were wrong (zero,
 * of the wrong sign, or for the wrong parameters) stays near it, so the bars below are only reached by learning.
 */
class FashionMnistSampleTrainingTest {
    private static FashionMnist data;

    @BeforeAll
    static void load() { data = FashionMnist.loadSample(); }

    @Test
    void mlpLearnsTheSample() {
        Tensor.manualSeed(1);
        Sequential mlp = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
        History h = train(mlp, 3);
        assertLearned(h, 0.75);
    }

    @Test
    void cnnWithBatchNormLearnsTheSample() {
        Tensor.manualSeed(2);
        Sequential cnn = new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 14 * 14, 10));
        History h = train(cnn, 2);
        assertLearned(h, 0.72);
    }

    private static History train(Sequential model, int epochs) {
        DataLoader train = DataLoader.builder(data.train()).batchSize(64).shuffle(7).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(500).build();
        return new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
                .metric("accuracy", Metrics::accuracy)
                .fit(train, test, epochs);
    }

    private static void assertLearned(History h, double accuracyBar) {
        System.out.printf("sample training: loss %s, test accuracy %s%n", h.get("loss"), h.get("val_accuracy"));
        List<Double> loss = h.get("loss");
        double first = loss.get(0);
        double last = loss.get(loss.size() - 1);
        assertTrue(last < 0.8 * first, "training loss should fall: " + loss);
        assertTrue(h.last("val_accuracy") >= accuracyBar, "test accuracy " + h.last("val_accuracy") + " below " + accuracyBar + "; history " + h);
    }
}
