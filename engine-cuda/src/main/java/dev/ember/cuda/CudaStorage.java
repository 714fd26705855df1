package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Storage;

import java.lang.ref.Reference;

/**
 * Elements in device memory: a block of the device's caching allocator, owned by this storage. Releasing it hands
 * the block back to the allocator's pool for this device's stream at once; a storage that becomes unreachable
 * unreleased (a tensor never closed, as in a loop written without a {@code MemoryScope}) has its block handed back
 * by the allocator's cleaner. Either way, kernels already queued on that stream still see valid memory, and any
 * later user of the block is queued behind them.
 */
final class CudaStorage implements Storage {
    final DType dtype;
    final long size;
    final long address;
    private final OwnedBlock block;

    CudaStorage(DType dtype, long size, CudaMemory memory) {
        this.dtype = dtype;
        this.size = size;
        this.block = memory.allocateOwned(this, bytes(dtype, size));
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
    public long size() { return size; }

    /** Frees the block now; later calls, and the cleaner, do nothing. */
    /** The device memory as a native segment (its address is a device pointer: never dereference it on the host). */
    @Override
    @SuppressWarnings("restricted")
    public java.util.Optional<java.lang.foreign.MemorySegment> memory() {
        return java.util.Optional.of(java.lang.foreign.MemorySegment.ofAddress(address).reinterpret(bytes(dtype, size)));
    }

    @Override
    public void release() {
        block.release();
        Reference.reachabilityFence(this);   // so the cleaner cannot take the block while this frees it
    }
}
