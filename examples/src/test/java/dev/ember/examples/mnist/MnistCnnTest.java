package dev.ember.examples.mnist;

import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.train.History;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MnistCnnTest {
    @Test
    void aShortRunLearns() {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(1);
        Sequential model = MnistCnn.model();
        // 20 steps of 64 images, then 500 test images it never saw
        TensorDataset part = new TensorDataset(data.train().inputs().narrow(0, 0, 1280), data.train().targets().narrow(0, 0, 1280));
        TensorDataset heldOut = new TensorDataset(data.test().inputs().narrow(0, 0, 500), data.test().targets().narrow(0, 0, 500));
        long start = System.nanoTime();
        History history = MnistCnn.trainer(model, 1.0, 0.7)
                .fit(MnistCnn.loader(part, 64, true, 1), MnistCnn.loader(heldOut, 1000, false, 0), 1);
        double accuracy = history.last("val_accuracy");
        System.out.printf("MNIST CNN on the sample: held-out accuracy %.3f, loss %.3f after 20 steps, %.1f s%n",
                accuracy, history.last("val_loss"), (System.nanoTime() - start) / 1e9);
        // 0.69 and a loss of 0.92 here; a wrong gradient stays near chance (0.1, ln 10 = 2.3)
        assertTrue(accuracy > 0.5, "held-out accuracy " + accuracy + " (chance is 0.1)");
        assertTrue(history.last("val_loss") < 1.5, "held-out loss " + history.last("val_loss") + " (ln 10 = 2.3 at chance)");
    }
}
