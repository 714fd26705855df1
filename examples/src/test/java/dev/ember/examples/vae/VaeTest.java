package dev.ember.examples.vae;

import dev.ember.Device;
import dev.ember.Tensor;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VaeTest {
    @Test
    void aShortRunLearns() {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(1);
        Vae vae = new Vae();
        // 20 steps of 64 images and 200 test images: seconds on a busy 2-core machine
        TensorDataset part = new TensorDataset(data.train().inputs().narrow(0, 0, 1280), data.train().targets().narrow(0, 0, 1280));
        DataLoader train = DataLoader.builder(part).batchSize(64).shuffle(1).build();
        DataLoader test = DataLoader.builder(new TensorDataset(data.test().inputs().narrow(0, 0, 200),
                data.test().targets().narrow(0, 0, 200))).batchSize(200).build();
        long start = System.nanoTime();
        double before = VaeTraining.testLoss(vae, test, Device.CPU);
        // 784 * ln 2 = 543 per image for an untrained decoder's 1/2 everywhere
        assertEquals(543, before, 10);
        List<Double> losses = VaeTraining.trainEpoch(vae, new Adam(vae.parameters(), 1e-3), train, Device.CPU);
        double after = VaeTraining.testLoss(vae, test, Device.CPU);
        System.out.printf("VAE on the sample: test loss %.1f -> %.1f per image after %d steps, %.1f s%n", before, after,
                losses.size(), (System.nanoTime() - start) / 1e9);
        // 544 -> 382 here; a wrong gradient leaves the loss near 543 or sends it up, never 100 per image down
        assertTrue(after < 0.8 * before, "test loss " + before + " -> " + after);
        assertTrue(losses.get(losses.size() - 1) < 0.8 * losses.get(0), "train loss " + losses);
    }
}
