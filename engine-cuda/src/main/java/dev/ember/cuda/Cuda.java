package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backends;

/**
 * What a user may ask of a GPU beyond tensors: is there one, its memory statistics, giving cached memory back,
 * waiting for queued work, timing it on the device, and the TF32 opt-in.
 *
 * <pre>{@code
 * Device gpu = Device.cuda(0);
 * if (Cuda.isAvailable()) {
 *     Tensor x = Tensor.randn(1024, 1024).to(gpu);
 *     System.out.println(Cuda.memoryStats(gpu));
 * }
 * }</pre>
 */
public final class Cuda {
    private static volatile boolean tf32;

    private Cuda() {}

    /** True when device {@code cuda:0}, its driver, the kernels, cuBLAS and cuDNN load. */
    public static boolean isAvailable() { return Backends.available(Device.cuda(0)); }

    /** The device's name, compute capability and memory, for example {@code cuda:0 (NVIDIA H100, sm_90, 81079 MiB)}. */
    public static String describe(Device device) { return CudaBackends.of(device).context.toString(); }

    /** The caching allocator's counters: bytes in use, reserved, peaks, cache hits, raw allocations. */
    public static AllocatorStats memoryStats(Device device) { return CudaBackends.of(device).memory.allocator.stats(); }

    /** Gives every cached, entirely free segment back to the driver (other processes can then use it). */
    public static void emptyCache(Device device) {
        CudaBackend b = CudaBackends.of(device);
        b.synchronize();
        b.memory.allocator.emptyCache();
    }

    /** Waits until every kernel queued on the device has run; errors of earlier launches surface here. */
    public static void synchronize(Device device) { CudaBackends.of(device).synchronize(); }

    /**
     * Milliseconds the GPU spends on the kernels {@code work} queues, timed with CUDA events on the device's stream
     * (a host clock would time the launches, which return before the kernels run). Waits for the work to finish.
     *
     * <pre>{@code
     * float ms = Cuda.time(gpu, () -> a.matmul(b).close());
     * }</pre>
     */
    public static float time(Device device, Runnable work) {
        return CudaEvents.time(CudaBackends.of(device).context, work);
    }

    /**
     * Lets float32 matrix products and convolutions use TF32 tensor cores (10-bit mantissa inputs, float32
     * accumulation): several times faster on Ampere and Hopper, but results differ from the CPU's by about 1e-3
     * relative. Off by default, so that float32 results match the CPU backend.
     */
    public static void allowTf32(boolean allow) { tf32 = allow; }

    public static boolean tf32Allowed() { return tf32; }
}
