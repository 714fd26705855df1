package dev.ember.cuda;

/**
 * Raw memory of one device as the driver hands it out, one call per allocation: the CUDA backend implements it
 * with {@code cuMemAlloc} and {@code cuMemFree}, the allocator's tests with a fake. Only {@link CachingAllocator}
 * calls it; everything else asks the allocator.
 *
 * <pre>{@code
 * public long allocate(long bytes) {
 *     CUdeviceptr ptr = new CUdeviceptr();
 *     int status = JCudaDriver.cuMemAlloc(ptr, bytes);
 *     if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return DeviceMemory.OUT_OF_MEMORY;
 *     Driver.check(status, "cuMemAlloc");
 *     return address(ptr);
 * }
 * }</pre>
 */
interface DeviceMemory {
    /** What {@link #allocate} returns when the device has not that much memory free; no device address is 0. */
    long OUT_OF_MEMORY = 0;

    /**
     * Takes {@code bytes} (> 0) of device memory and returns its address, or {@link #OUT_OF_MEMORY} when the
     * device has not that much free ({@code CUDA_ERROR_OUT_OF_MEMORY}); the allocator then releases its cache and
     * tries again. Any other failure throws.
     */
    long allocate(long bytes);

    /** Returns memory that {@link #allocate} handed out; the caller guarantees nothing on the device still uses it. */
    void free(long address);

    /** The device, for messages: for example {@code "cuda:0 (NVIDIA H100 80GB HBM3)"}. */
    String deviceName();
}
