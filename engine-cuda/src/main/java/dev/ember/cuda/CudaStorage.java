package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Storage;

/**
 * Elements in device memory: a block of the device's caching allocator. Releasing it hands the block back to the
 * allocator's pool for this device's stream; kernels already queued on that stream still see valid memory, and any
 * later user of the block is queued behind them.
 */
final class CudaStorage implements Storage {
    final DType dtype;
    final int size;
    final long address;
    private final DeviceBlock block;
    private final CudaMemory memory;
    private boolean released;

    CudaStorage(DType dtype, int size, CudaMemory memory) {
        this.dtype = dtype;
        this.size = size;
        this.memory = memory;
        this.block = memory.allocate(bytes(dtype, size));
        this.address = block.address();
    }

    static long bytes(DType dtype, long elements) { return elements * dtype.byteSize(); }

    /** The device address of element {@code index}. */
    long addressOf(long index) { return address + index * dtype.byteSize(); }

    KernelArgs.Address arg() { return new KernelArgs.Address(address); }

    static CudaStorage of(Storage s) {
        if (s instanceof CudaStorage c) return c;
        throw new IllegalArgumentException("the CUDA backend was given a storage of another device: "
                + s.getClass().getName() + " (" + s.dtype() + ")");
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public int size() { return size; }

    @Override
    public synchronized void release() {
        if (released) return;
        released = true;
        memory.free(block);
    }
}
