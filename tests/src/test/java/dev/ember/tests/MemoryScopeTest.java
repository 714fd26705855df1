package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.GradCheck;
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
    void gradientChecksCloseWhatTheyMake() {
        Tensor x = Tensor.randn(DType.FLOAT64, 3, 5);
        Tensor w = Tensor.randn(DType.FLOAT64, 5);
        long before = MemoryScope.liveBytes();
        assertTrue(GradCheck.check(in -> in[0].tanh().mul(in[1]).sum(1), x, w).passed());
        assertTrue(GradCheck.checkSecondOrder(in -> in[0].sigmoid().mul(in[1]), x, w).passed());
        // on a GPU what is not closed stays allocated: 2 x 20 evaluations per input element add up
        assertEquals(before, MemoryScope.liveBytes(), "bytes the gradient check left allocated");
        assertFalse(x.isClosed() || w.isClosed(), "the check closed its caller's inputs");
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

    @Test
    void aScopeClosedOnAnotherThreadNamesBothThreads() throws Exception {
        String owner = Thread.currentThread().getName();
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.ones(3);
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread other = new Thread(() -> {
                try {
                    scope.close();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "closer");
            other.start();
            other.join();
            assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
            assertEquals("MemoryScope opened on thread '" + owner + "' was closed on thread 'closer': a scope belongs "
                    + "to the thread that opened it; open and close one on each thread (try-with-resources)",
                    failure.get().getMessage());
            assertFalse(x.isClosed(), "the refused close closed the scope's tensors");
        }
    }
}
