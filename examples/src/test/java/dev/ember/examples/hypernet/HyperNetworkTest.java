package dev.ember.examples.hypernet;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.loss.MSELoss;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HyperNetworkTest {
    @Test
    void gradientsReachGThroughTheGeneratedWeights() {
        Tensor.manualSeed(1);
        HyperNetwork net = new HyperNetwork(32);
        SineTasks.Batch b = SineTasks.sample(4, 8, new Generator(5));
        new MSELoss().apply(net.forward(b.input()), b.y()).backward();
        assertTrue(net.firstLayerOfG().weight().grad().norm(2).item() > 0);
    }

    @Test
    void aShortRunFitsUnseenTasks() {
        Tensor.manualSeed(1);
        HyperNetwork net = new HyperNetwork(32);
        SineTasks.Batch unseen = SineTasks.sample(100, 32, new Generator(1000));
        double before = HyperNetworkTraining.error(net, unseen);
        HyperNetworkTraining.train(net, 150, 1e-3, new Generator(2));
        double after = HyperNetworkTraining.error(net, unseen);
        double ignorant = HyperNetworkTraining.taskIgnorantError(unseen);
        System.out.printf("hypernetwork, 150 steps: error on unseen tasks %.4f -> %.4f (answering 0: %.4f)%n", before, after, ignorant);
        // no network that ignores the task beats answering 0 by much; a fifth of it needs G to configure H per task
        assertTrue(after < 0.2 * ignorant, after + " vs " + ignorant);
    }
}
