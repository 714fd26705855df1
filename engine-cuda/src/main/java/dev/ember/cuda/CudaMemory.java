package dev.ember.cuda;

/**
 * Device memory of one backend: its caching allocator, used on the backend's one stream. Every block Ember takes
 * on this device (storages, scratch, cuDNN workspaces) comes from here; nothing calls cuMemAlloc per op.
 */
final class CudaMemory {
    final CachingAllocator allocator;
    private final long stream;

    CudaMemory(CachingAllocator allocator, long stream) {
        this.allocator = allocator;
        this.stream = stream;
    }

    DeviceBlock allocate(long bytes) { return allocator.allocate(bytes, stream); }

    void free(DeviceBlock block) { allocator.free(block); }

    /** A block that belongs to {@code owner}, freed by its release or, once the owner is unreachable, the cleaner. */
    OwnedBlock allocateOwned(Object owner, long bytes) { return allocator.allocateOwned(owner, bytes, stream); }
}
