package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.cuda.AllocatorStats;
import dev.ember.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten thousand training steps of a small network on the GPU: device memory in use after every step equals what it
 * was after the first, and the allocator serves the steps from its cache. Skipped where no GPU loads.
 */
class DeviceMemoryLeakTest {
    private static final Device GPU = Device.cuda(0);

    @Test
    void trainingStepsKeepDeviceMemoryFlat() {
        Assumptions.assumeTrue(Cuda.isAvailable(), "no CUDA device here: leak test skipped");
        Tensor.manualSeed(3);
        Tensor w1 = MemoryScope.unscoped(Tensor.randn(DType.FLOAT32, 32, 16).mul(0.2).to(GPU).requiresGrad(true));
        Tensor b1 = MemoryScope.unscoped(Tensor.zeros(GPU, DType.FLOAT32, 32).requiresGrad(true));
        Tensor w2 = MemoryScope.unscoped(Tensor.randn(DType.FLOAT32, 4, 32).mul(0.2).to(GPU).requiresGrad(true));
        Tensor x = MemoryScope.unscoped(Tensor.randn(DType.FLOAT32, 64, 16).to(GPU));
        Tensor target = MemoryScope.unscoped(Tensor.randint(0, 4, 64).to(GPU));
        AllocatorStats before = Cuda.memoryStats(GPU);   // the JVM's earlier allocations are not this loop's
        long afterFirst = -1;
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < 10_000; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor logits = x.linear(w1, b1).relu().matmul(w2.t());
                Tensor loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
                loss.backward();
                try (var noGrad = Autograd.noGrad()) {
                    for (Tensor p : new Tensor[] {w1, b1, w2}) {
                        Tensor grad = p.grad();
                        p.subInPlace(grad.mul(0.1));
                        p.zeroGrad();
                        grad.close();   // a gradient belongs to its tensor, not to the scope: dropped, it stays allocated
                    }
                }
                if (step == 0) firstLoss = loss.item();
                if (step == 9_999) lastLoss = loss.item();
            }
            long inUse = Cuda.memoryStats(GPU).allocatedBytes();
            if (step == 0) afterFirst = inUse;
            else assertEquals(afterFirst, inUse, "device bytes in use after step " + step + " (after step 0: " + afterFirst + ")");
        }
        AllocatorStats after = Cuda.memoryStats(GPU);
        long hits = after.cacheHits() - before.cacheHits();
        long raw = after.rawAllocations() - before.rawAllocations();
        assertTrue(lastLoss < firstLoss, "the network did not train: loss " + firstLoss + " -> " + lastLoss);
        assertTrue(hits > 100 * raw, "steps are not served from the cache: " + hits + " cache hits and " + raw
                + " raw allocations in the loop; before it: " + before + "; after: " + after);
    }
}
