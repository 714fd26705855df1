package dev.ember.cuda;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training loop written as PyTorch users write it, with no {@code MemoryScope} and no {@code close()}, on the CUDA
 * backend of a fake device whose memory is a few MiB ({@link FakeCudaProvider}). Every step's tensors become
 * unreachable when the step ends; only the cleaner gives their device blocks back, and only the allocator's
 * collection on a full device makes that happen in time. Without them the device runs dry within a few hundred
 * steps ({@link CudaOutOfMemoryException}).
 */
class UnscopedTrainingTest {
    private static final int STEPS = 10_000;
    private static final int BATCH = 16, IN = 8, HIDDEN = 32, OUT = 4;
    private static final double LEARNING_RATE = 0.01;

    @Test
    void tenThousandStepsWithoutScopesStayWithinTheDevice() {
        Tensor x = Tensor.full(FakeCudaProvider.DEVICE, DType.FLOAT32, 0.5, BATCH, IN);
        Tensor y = Tensor.full(FakeCudaProvider.DEVICE, DType.FLOAT32, 1, BATCH, OUT);
        Tensor w1 = parameter(0.1, IN, HIDDEN), b1 = parameter(0, HIDDEN);
        Tensor w2 = parameter(0.1, HIDDEN, OUT), b2 = parameter(0, OUT);
        List<Tensor> parameters = List.of(w1, b1, w2, b2);

        for (int step = 0; step < STEPS; step++) {
            Tensor prediction = linear(linear(x, w1, b1).relu(), w2, b2);
            Tensor loss = prediction.sub(y).pow(2).mean();
            loss.backward();
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor p : parameters) p.subInPlace(p.grad().mul(LEARNING_RATE));
            }
            for (Tensor p : parameters) p.zeroGrad();   // drops the gradient without closing it
        }

        AllocatorStats stats = Cuda.memoryStats(FakeCudaProvider.DEVICE);
        assertTrue(stats.peakReservedBytes() <= FakeCudaProvider.CAPACITY, stats.toString());
        assertEquals(0, stats.outOfMemoryErrors(), stats.toString());
        assertTrue(stats.collections() > 0, "the device never filled, so the test shows nothing: " + stats);
        assertTrue(stats.blocksCollected() > STEPS, "every step's blocks come back through the cleaner: " + stats);
        CudaBackends.of(FakeCudaProvider.DEVICE).memory.allocator.checkConsistency();
    }

    private static Tensor parameter(double value, int... shape) {
        return Tensor.full(FakeCudaProvider.DEVICE, DType.FLOAT32, value, shape).requiresGrad(true);
    }

    /** {@code x @ w + b}, as a broadcast product summed over the inner dim: the fake device has no cuBLAS. */
    private static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return x.unsqueeze(2).mul(w).sum(1).add(b);
    }
}
