package dev.ember.examples.vanishing;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.train.History;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VanishingGradientsTest {
    @Test
    void sigmoidGradientsVanishAndTheRemediesKeepThemAndLearn() {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(1);
        Batch probe = VanishingGradients.firstBatch(data.train(), 256);
        for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) {
            List<Double> norms = VanishingGradients.layerGradientNorms(DeepNetworks.build(kind, 10, 64, new Generator(1)), probe);
            assertEquals(11, norms.size(), kind.label);
            double ratio = VanishingGradients.firstToLast(norms);
            System.out.printf("%-22s first/last layer gradient norm %.2e%n", kind.label, ratio);
            // here: sigmoid 2.6e-8; ReLU + He 6.6, batch norm 3.5, residual 4.0e-2
            if (kind == DeepNetworks.Kind.SIGMOID) assertTrue(ratio < 1e-5, kind.label + ": " + ratio);
            else assertTrue(ratio > 1e-2, kind.label + ": " + ratio);
        }
        TensorDataset train = new TensorDataset(data.train().inputs().narrow(0, 0, 1000), data.train().targets().narrow(0, 0, 1000));
        TensorDataset test = new TensorDataset(data.test().inputs().narrow(0, 0, 500), data.test().targets().narrow(0, 0, 500));
        Module net = DeepNetworks.build(DeepNetworks.Kind.RELU_HE, 10, 64, new Generator(1));
        History h = VanishingGradients.train(net, DataLoader.builder(train).batchSize(50).shuffle(1).build(),
                DataLoader.builder(test).batchSize(500).build(), 2, 0.01);
        System.out.println("ReLU + He, 40 steps: test accuracy " + h.get("val_accuracy"));
        // 10 classes: chance is 0.1; a wrong gradient does not get a 10-layer network to 0.35 in 40 steps
        assertTrue(h.last("val_accuracy") > 0.35, "test accuracy " + h.get("val_accuracy"));
    }
}
