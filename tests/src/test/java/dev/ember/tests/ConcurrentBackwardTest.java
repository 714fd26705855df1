package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backward passes on several threads that reach one leaf all land in its {@code grad()}, as in PyTorch. Every
 * gradient added is a small integer, so the float32 sums are exact in any order and the totals are asserted exactly.
 */
class ConcurrentBackwardTest {
    private static final int THREADS = 4;
    private static final int PASSES = 200;

    /** Runs {@code pass} {@code PASSES} times on each of {@code THREADS} threads, all starting together. */
    private static void onThreads(Callable<Void> pass) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PASSES; i++) pass.call();
                    return null;
                }));
            }
            for (Future<Void> f : done) f.get(120, TimeUnit.SECONDS);   // rethrows a thread's failure
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    @Test
    void backwardOnFourThreadsIntoOneLeafLosesNoGradient() throws Exception {
        Tensor x = Tensor.ones(16).requiresGrad(true);
        Tensor weights = Tensor.of(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4});
        onThreads(() -> {
            x.mul(weights).sum().backward();   // d/dx = weights, each pass
            return null;
        });
        float[] expected = weights.mul((double) THREADS * PASSES).toFloatArray();
        assertArrayEquals(expected, x.grad().toFloatArray(), 0f, "a gradient was lost or added twice");
    }

    /** Threads that go back through one shared, retained graph: the leaf and a retained non-leaf both see every pass. */
    @Test
    void backwardThroughASharedRetainedGraphLosesNoGradient() throws Exception {
        Tensor x = Tensor.ones(8).requiresGrad(true);
        Tensor h = x.mul(3.0).retainGrad();
        Tensor loss = h.sum();
        onThreads(() -> {
            loss.backward(null, true, false);
            return null;
        });
        assertArrayEquals(filled(8, 3 * THREADS * PASSES), x.grad().toFloatArray(), 0f);
        assertArrayEquals(filled(8, THREADS * PASSES), h.grad().toFloatArray(), 0f);
    }

    /** Autograd.grad returns its gradients and leaves grad() alone, on every thread. */
    @Test
    void gradOnFourThreadsLeavesTheLeafAlone() throws Exception {
        Tensor x = Tensor.ones(4).requiresGrad(true);
        List<Boolean> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        onThreads(() -> {
            Tensor g = Autograd.grad(x.mul(x).sum(), List.of(x)).get(0);
            if (!java.util.Arrays.equals(filled(4, 2), g.toFloatArray())) wrong.add(true);
            return null;
        });
        assertTrue(wrong.isEmpty(), wrong.size() + " passes got a wrong gradient");
        assertTrue(x.grad() == null, "Autograd.grad must not accumulate into grad()");
    }
}
