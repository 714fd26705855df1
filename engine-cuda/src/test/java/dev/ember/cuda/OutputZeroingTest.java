package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.backend.ScatterMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which op outputs the CUDA backend zero-fills, checked on a fake device through engine-api's ops
 * ({@link RecordingCudaProvider}): outputs a kernel writes completely cost no {@code cuMemsetD8Async}; targets
 * that a kernel adds onto or writes in part (a scatter-add's, a slice's gradient, {@code zeros}) get exactly one.
 */
class OutputZeroingTest {
    private final RecordingCudaProvider.Recorder queue = RecordingCudaProvider.QUEUE;

    private static Tensor ones(int... shape) { return Tensor.ones(RecordingCudaProvider.DEVICE, DType.FLOAT32, shape); }

    @Test
    void outputsThatKernelsWriteCompletelyAreNotZeroed() {
        Tensor a = ones(4, 8);
        Tensor b = ones(8);
        Tensor image = ones(1, 2, 4, 4);
        queue.takeCalls();

        a.add(b);
        a.exp();
        a.sum();
        a.sum(1);
        a.softmax(1);
        a.to(DType.FLOAT64);
        a.t().contiguous();
        Tensor.cat(0, a, a);
        image.maxPool2d(2, 2, 0);
        image.avgPool2d(2, 2, 0);
        new Generator(5, RecordingCudaProvider.DEVICE).randn(16);
        List<String> calls = queue.takeCalls();

        assertTrue(calls.size() >= 12, "every op launched its kernel: " + calls);
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("zero")), "no output zero-filled: " + calls);
    }

    @Test
    void targetsThatKernelsAddOntoOrWriteInPartAreZeroed() {
        Tensor.zeros(RecordingCudaProvider.DEVICE, DType.INT64, 3, 5);
        assertEquals(List.of("zero 120 bytes"), queue.takeCalls(), "zeros: a fill of 3 * 5 * 8 bytes and nothing else");

        Tensor image = ones(1, 2, 4, 4).requiresGrad(true);
        Tensor pooled = image.maxPool2d(2, 2, 0).sum();
        queue.takeCalls();
        pooled.backward();
        List<String> calls = queue.takeCalls();
        int zero = calls.indexOf("zero 128 bytes");   // the max pool's gradient, [1, 2, 16] float32, scattered into
        assertTrue(zero >= 0 && calls.subList(zero, calls.size()).contains("launch "
                + KernelNames.scatter(ScatterMode.ADD, DType.FLOAT32)), "zeroed, then scatter-added: " + calls);
        assertEquals(1, calls.stream().filter(c -> c.startsWith("zero")).count(), "only the scatter target: " + calls);

        Tensor x = ones(6, 4).requiresGrad(true);
        Tensor part = x.slice(0, 1, 5, 2).sum();
        queue.takeCalls();
        part.backward();
        calls = queue.takeCalls();
        assertEquals(1, calls.stream().filter("zero 96 bytes"::equals).count(), "the slice's gradient, [6, 4]: " + calls);
        assertEquals(1, calls.stream().filter(c -> c.startsWith("zero")).count(), "and nothing else: " + calls);
    }

    @Test
    void theBackendZeroesOnlyWhatItIsAskedTo() {
        CudaBackend backend = (CudaBackend) dev.ember.backend.Backends.of(RecordingCudaProvider.DEVICE);
        queue.takeCalls();
        backend.allocate(DType.FLOAT32, 10).release();
        assertEquals(List.of(), queue.takeCalls(), "allocate");
        backend.zeros(DType.FLOAT64, 10).release();
        assertEquals(List.of("zero 80 bytes"), queue.takeCalls(), "zeros");
    }
}
