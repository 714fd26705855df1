package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scopes own what is made inside them: the live bytes return to where they started. */
class MemoryScopeTest {

    @Test
    void trainingStepsInAScopeLeaveNothingBehind() {
        Tensor w = Tensor.randn(16, 8).requiresGrad(true);
        Tensor x = Tensor.randn(32, 16);
        long before = MemoryScope.liveBytes();
        for (int step = 0; step < 200; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = x.matmul(w).tanh().pow(2.0).mean();
                loss.backward();
                try (var noGrad = Autograd.noGrad()) {
                    w.subInPlace(w.grad().mul(0.01));
                }
                w.grad().close();
                w.zeroGrad();
            }
        }
        assertEquals(before, MemoryScope.liveBytes(), "bytes still held after the loop");
    }

    @Test
    void keptTensorsSurviveAndViewsHoldTheirStorage() {
        long before = MemoryScope.liveBytes();
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.ones(1000);
            kept = scope.keep(a.mul(2.0).narrow(0, 0, 10));
            assertTrue(MemoryScope.liveBytes() > before);
        }
        assertFalse(kept.isClosed());
        assertEquals(20, kept.sum().item());
        long withKept = MemoryScope.liveBytes();
        kept.close();
        assertTrue(MemoryScope.liveBytes() < withKept);
    }
}
