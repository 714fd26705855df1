package dev.ember.nn;

import dev.ember.Autocast;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.io.Checkpoint;
import dev.ember.nn.layers.BatchNorm2d;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.GradScaler;
import dev.ember.nn.optim.Sgd;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autocast's op table, GradScaler's loss scaling and both in the Trainer. */
class MixedPrecisionTest {
    @TempDir
    Path dir;

    @Test
    void autocastRunsEachOpInItsPolicysDtype() {
        Tensor x = Tensor.randn(4, 8), w = Tensor.randn(8, 3);
        try (var amp = Autocast.enable(DType.BFLOAT16)) {
            assertEquals(DType.BFLOAT16, Autocast.current());
            Tensor y = x.matmul(w);
            assertEquals(DType.BFLOAT16, y.dtype(), "matmul runs low");
            assertEquals(DType.BFLOAT16, x.linear(w.t(), Tensor.zeros(3)).dtype(), "linear runs low");
            assertEquals(DType.BFLOAT16, Tensor.randn(1, 2, 5, 5).conv2d(Tensor.randn(3, 2, 3, 3), null, 1, 1).dtype());
            assertEquals(DType.FLOAT32, y.softmax(1).dtype(), "softmax runs in float32");
            assertEquals(DType.FLOAT32, y.logSoftmax(1).dtype());
            assertEquals(DType.FLOAT32, y.sum().dtype());
            assertEquals(DType.FLOAT32, y.exp().dtype());
            assertEquals(DType.BFLOAT16, y.relu().dtype(), "unlisted ops keep their input's type");
            assertEquals(DType.FLOAT32, y.add(x.narrow(1, 0, 3)).dtype(), "binary ops take the widest input type");
            assertEquals(DType.FLOAT64, x.to(DType.FLOAT64).matmul(w.to(DType.FLOAT64)).dtype(), "float64 is left alone");
            try (var off = Autocast.off()) {
                assertEquals(DType.FLOAT32, x.matmul(w).dtype());
            }
            try (var f16 = Autocast.enable(DType.FLOAT16)) {
                assertEquals(DType.FLOAT16, x.matmul(w).dtype(), "the innermost scope wins");
            }
            assertEquals(DType.BFLOAT16, x.matmul(w).dtype());
            // the product is computed from the bfloat16-rounded inputs in float32 and rounded once
            Tensor expected = x.to(DType.BFLOAT16).to(DType.FLOAT32).matmul(w.to(DType.BFLOAT16).to(DType.FLOAT32));
            try (var off = Autocast.off()) {
                assertArrayEquals(expected.to(DType.BFLOAT16).toFloatArray(), y.toFloatArray());
            }
        }
        assertNull(Autocast.current());
        assertEquals(DType.FLOAT32, x.matmul(w).dtype());
        assertThrows(IllegalArgumentException.class, () -> Autocast.enable(DType.FLOAT32));
    }

    @Test
    void gradientsReachFloat32WeightsInFloat32() {
        Tensor x = new Generator(3).randn(4, 8);
        Tensor w = new Generator(4).randn(8, 3).requiresGrad(true);
        Tensor loss;
        try (var amp = Autocast.enable(DType.FLOAT16)) {
            loss = x.matmul(w).logSoftmax(1).mean();
        }
        loss.backward();
        assertEquals(DType.FLOAT32, loss.dtype());
        assertEquals(DType.FLOAT32, w.grad().dtype());
        Tensor w32 = w.detach().requiresGrad(true);
        x.matmul(w32).logSoftmax(1).mean().backward();
        float[] exact = w32.grad().toFloatArray(), mixed = w.grad().toFloatArray();
        for (int i = 0; i < exact.length; i++) assertEquals(exact[i], mixed[i], 2e-3, "element " + i);
    }

    /** A float16 regression whose gradients, 1e-7 times a mean, are below float16's smallest subnormal. */
    private static double trainTinyLoss(GradScaler scaler, Tensor w, int steps) {
        Tensor x = new Generator(5).randn(64, 8), target = new Generator(6).randn(64, 1);
        Adam adam = new Adam(List.of(w), 0.05);
        double last = Double.NaN;
        for (int s = 0; s < steps; s++) {
            Tensor loss;
            try (var amp = Autocast.enable(DType.FLOAT16)) {
                loss = x.matmul(w).sub(target).square().mean().mul(1e-7);
            }
            adam.zeroGrad();
            if (scaler == null) {
                loss.backward();
                adam.step();
            } else {
                scaler.scale(loss).backward();
                scaler.step(adam);
                scaler.update();
            }
            last = loss.item() / 1e-7;
        }
        return last;
    }

    @Test
    void float16GradientsUnderflowWithoutLossScalingAndTrainWithIt() {
        Tensor w0 = new Generator(7).randn(8, 1);
        Tensor plain = w0.copy().requiresGrad(true);
        double first = trainTinyLoss(null, plain, 1);
        trainTinyLoss(null, plain, 30);
        assertArrayEquals(w0.toFloatArray(), plain.detach().toFloatArray(), "every gradient underflowed to 0: nothing moved");

        Tensor scaled = w0.copy().requiresGrad(true);
        GradScaler scaler = new GradScaler();
        double last = trainTinyLoss(scaler, scaled, 60);
        assertTrue(last < 0.5 * first, "with loss scaling the loss falls: " + first + " -> " + last);
        assertEquals(65536.0, scaler.scale(), "no step was skipped at 2^16");
    }

    @Test
    void scalerSkipsStepsWithInfOrNanGradientsAndAdjustsItsScale() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(w), 0.1);
        GradScaler scaler = new GradScaler(8, 2, 0.5, 2);
        w.setGrad(Tensor.of(new float[] {8, Float.POSITIVE_INFINITY, 8}));
        assertFalse(scaler.step(sgd), "an inf gradient skips the step");
        scaler.update();
        assertArrayEquals(new float[] {1, 1, 1}, w.detach().toFloatArray());
        assertEquals(4, scaler.scale(), "backed off");
        for (int i = 0; i < 2; i++) {
            w.setGrad(Tensor.of(new float[] {4, 4, 4}));
            assertTrue(scaler.step(sgd));
            scaler.update();
        }
        assertArrayEquals(new float[] {0.8f, 0.8f, 0.8f}, w.detach().toFloatArray(), 1e-6f, "unscaled gradient 1, two steps of 0.1");
        assertEquals(8, scaler.scale(), "grew after two clean steps");
        w.setGrad(Tensor.of(new float[] {Float.NaN, 0, 0}));
        scaler.unscale(sgd);
        assertThrows(IllegalStateException.class, () -> scaler.unscale(sgd));
        assertFalse(scaler.step(sgd), "NaN skips too");
        scaler.update();
        assertEquals(4, scaler.scale());
    }

    @Test
    void scalerStateGoesIntoCheckpoints() throws Exception {
        Sequential model = new Sequential(new Linear(2, 1));
        Adam adam = new Adam(model.parameters(), 1e-3);
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 3);
        for (Tensor p : model.parameters()) p.setGrad(Tensor.onesLike(p));
        scaler.step(adam);
        scaler.update();   // tracker 1
        Path file = dir.resolve("amp.safetensors");
        new Checkpoint(model, adam).scaler(scaler).save(file, 1, Map.of());
        GradScaler restored = new GradScaler(1, 2, 0.5, 3);
        new Checkpoint(model, adam).scaler(restored).load(file);
        assertEquals(1024, restored.scale());
        assertEquals(scaler.stateDict().get("_growth_tracker").item(), restored.stateDict().get("_growth_tracker").item());
        GradScaler other = new GradScaler(1, 2, 0.5, 100);
        assertThrows(Exception.class, () -> new Checkpoint(model, adam).scaler(other).load(file), "another growth interval");
    }

    @Test
    void cnnLearnsTheFashionMnistSampleUnderBfloat16Autocast() {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(2);
        Sequential cnn = new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 14 * 14, 10));
        try (var amp = Autocast.enable(DType.BFLOAT16)) {
            assertEquals(DType.BFLOAT16, cnn.forward(data.test().inputs().narrow(0, 0, 2)).dtype(), "the logits are bfloat16");
        }
        DataLoader train = DataLoader.builder(data.train()).batchSize(64).shuffle(7).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(500).build();
        History h = new Trainer(cnn, new CrossEntropyLoss(), new Adam(cnn.parameters(), 1e-3))
                .autocast(DType.BFLOAT16)
                .metric("accuracy", Metrics::accuracy)
                .fit(train, test, 2);
        System.out.printf("bfloat16 autocast sample training: loss %s, test accuracy %s%n", h.get("loss"), h.get("val_accuracy"));
        for (Tensor p : cnn.parameters()) assertEquals(DType.FLOAT32, p.dtype(), "master weights stay float32");
        // chance is 10%; a broken cast (zeros, garbage bits, no gradient through the cast) stays near it
        assertTrue(h.last("val_accuracy") >= 0.72, "test accuracy " + h.last("val_accuracy"));
    }
}
