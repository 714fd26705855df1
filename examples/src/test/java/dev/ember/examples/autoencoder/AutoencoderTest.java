package dev.ember.examples.autoencoder;

import dev.ember.Tensor;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.train.History;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AutoencoderTest {
    @Test
    void aShortRunReconstructsBetterThanTheMeanImage() {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(1);
        Autoencoder model = new Autoencoder(32);
        TensorDataset part = new TensorDataset(data.train().inputs().narrow(0, 0, 1280), data.train().targets().narrow(0, 0, 1280));
        TensorDataset testPart = new TensorDataset(data.test().inputs().narrow(0, 0, 200), data.test().targets().narrow(0, 0, 200));
        History h = AutoencoderTraining.train(model, AutoencoderTraining.selfSupervised(DataLoader.builder(part).batchSize(64).shuffle(1)),
                AutoencoderTraining.selfSupervised(DataLoader.builder(testPart).batchSize(200)), 2, 1e-3);
        double meanImage = AutoencoderTraining.meanImageError(part.inputs().mean(0), testPart.inputs());
        System.out.printf("autoencoder, 40 steps: test error %.4f per pixel, the mean image %.4f%n", h.last("val_loss"), meanImage);
        // a network that ignores its code can at best answer the mean image; beating it by 20% needs the code to carry the image
        assertTrue(h.last("val_loss") < 0.8 * meanImage, h.get("val_loss") + " vs the mean image's " + meanImage);
        assertEquals(model.forward(testPart.inputs().narrow(0, 0, 3)).shape()[1], 1);
    }
}
