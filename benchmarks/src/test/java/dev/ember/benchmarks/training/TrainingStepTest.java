package dev.ember.benchmarks.training;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarked models are PyTorch's (same parameter shapes, initial ranges), the training steps learn, and
 * they leave nothing behind from one step to the next.
 */
class TrainingStepTest {

    @Test
    void mlpStepsFitAFixedBatchInSteadyState() {
        Generator g = new Generator(1);
        TrainingStep step = new TrainingStep(BenchmarkModels.mlp(g));
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
        TrainingStep step = new TrainingStep(BenchmarkModels.cnn(g));
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
    void autocastCnnStepsComputeInTheHalfTypeAndKeepFloat32Weights() {
        for (DType half : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            Generator g = new Generator(7);
            Tensor images = g.randn(4, 1, 28, 28);
            Tensor labels = g.randint(0, 10, 4);
            double wide = new TrainingStep(BenchmarkModels.cnn(new Generator(8))).run(images, labels);
            Module model = BenchmarkModels.cnn(new Generator(8));
            TrainingStep mixed = new TrainingStep(model, half);
            double first = mixed.run(images, labels);
            // the same weights and batch as the float32 step: half products move the loss, by their rounding only
            assertNotEquals(wide, first, half + ": the loss is float32's, so nothing ran in the half type");
            assertEquals(wide, first, 1e-3, half + ": loss " + first + " against float32's " + wide);
            mixed.run(images, labels);
            long afterWarmUp = MemoryScope.liveBytes();
            double last = 0;
            for (int i = 0; i < 10; i++) last = mixed.run(images, labels);
            assertEquals(afterWarmUp, MemoryScope.liveBytes(), half + ": bytes held grew across steps");
            assertTrue(last < first / 2, half + ": loss went from " + first + " to only " + last);
            for (Tensor p : model.parameters()) {
                assertEquals(DType.FLOAT32, p.dtype(), half + ": a master weight");
                assertEquals(DType.FLOAT32, p.grad().dtype(), half + ": a master weight's gradient");
            }
        }
    }

    @Test
    void mlpHasTheParameterShapesOfPyTorchsMlp() {
        // [tuple(p.shape) for p in models.Mlp().parameters()], 235146 parameters in all
        assertShapes(BenchmarkModels.mlp(new Generator(3)), 235146,
                new int[] {256, 784}, new int[] {256}, new int[] {128, 256}, new int[] {128}, new int[] {10, 128}, new int[] {10});
    }

    @Test
    void cnnHasTheParameterShapesOfPyTorchsCnnAndGivesTenLogits() {
        // [tuple(p.shape) for p in models.Cnn().parameters()], 421642 parameters in all
        Module cnn = BenchmarkModels.cnn(new Generator(4));
        assertShapes(cnn, 421642, new int[] {32, 1, 3, 3}, new int[] {32}, new int[] {64, 32, 3, 3}, new int[] {64},
                new int[] {128, 3136}, new int[] {128}, new int[] {10, 128}, new int[] {10});
        assertArrayEquals(new int[] {2, 10}, cnn.forward(new Generator(5).randn(2, 1, 28, 28)).shape());
    }

    @Test
    void parametersAreDrawnFromPyTorchsRangesAndTheSeedFixesThem() {
        Map<String, Tensor> first = BenchmarkModels.cnn(new Generator(6)).namedParameters();
        Map<String, Tensor> again = BenchmarkModels.cnn(new Generator(6)).namedParameters();
        // nn.Conv2d / nn.Linear: weight and bias uniform on +-1/sqrt(fan in of the weight)
        Map<String, Integer> fanIn = Map.of("0", 9, "3", 32 * 9, "7", 3136, "9", 128);
        for (var e : first.entrySet()) {
            double bound = 1 / Math.sqrt(fanIn.get(e.getKey().split("\\.")[0]));
            float[] values = e.getValue().toFloatArray();
            double max = 0;
            for (float v : values) max = Math.max(max, Math.abs(v));
            assertTrue(max <= bound && max > 0.5 * bound, e.getKey() + ": largest |value| " + max + " for bound " + bound);
            assertArrayEquals(values, again.get(e.getKey()).toFloatArray(), e.getKey() + " differs with the same seed");
        }
    }

    private static void assertShapes(Module model, long count, int[]... shapes) {
        List<Tensor> parameters = model.parameters();
        assertEquals(shapes.length, parameters.size());
        for (int i = 0; i < shapes.length; i++) assertArrayEquals(shapes[i], parameters.get(i).shape(), "parameter " + i);
        assertEquals(count, model.parameterCount());
    }
}
