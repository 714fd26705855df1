package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarked training steps learn, and leave nothing behind from one step to the next. */
class TrainingStepTest {

    @Test
    void mlpStepsFitAFixedBatchInSteadyState() {
        Generator g = new Generator(1);
        TrainingStep step = new TrainingStep(new MlpModel(g));
        Tensor images = g.randn(16, 784);
        Tensor labels = g.randint(0, 10, 16);
        double first = step.run(images, labels);
        step.run(images, labels);
        long afterWarmUp = MemoryScope.liveBytes();
        double last = 0;
        for (int i = 0; i < 30; i++) last = step.run(images, labels);
        assertEquals(afterWarmUp, MemoryScope.liveBytes(), "bytes held grew across steps");
        assertTrue(last < first / 4, "loss went from " + first + " to only " + last);
    }

    @Test
    void cnnStepsReduceTheLossInSteadyState() {
        Generator g = new Generator(2);
        TrainingStep step = new TrainingStep(new CnnModel(g));
        Tensor images = g.randn(4, 1, 28, 28);
        Tensor labels = g.randint(0, 10, 4);
        double first = step.run(images, labels);
        step.run(images, labels);
        long afterWarmUp = MemoryScope.liveBytes();
        double last = 0;
        for (int i = 0; i < 10; i++) last = step.run(images, labels);
        assertEquals(afterWarmUp, MemoryScope.liveBytes(), "bytes held grew across steps");
        assertTrue(last < first / 2, "loss went from " + first + " to only " + last);
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogOfTheClassCount() {
        Tensor logits = Tensor.zeros(3, 10);
        Tensor labels = Tensor.of(new long[] {0, 4, 9}, 3);
        assertEquals(Math.log(10), TrainingStep.crossEntropy(logits, labels).item(), 1e-6);
    }
}
