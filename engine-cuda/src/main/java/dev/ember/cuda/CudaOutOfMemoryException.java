package dev.ember.cuda;

/**
 * The device could not supply memory for an allocation, even after the allocator released its cache, asked for a
 * garbage collection (where tensors the collector could free were live: {@link #collectionTried}) and tried again.
 * The allocator is unchanged by the failed call, apart from the cache it released and the blocks the collection
 * freed, and stays usable: free something, or ask for less, and carry on. Code that runs on any device catches its
 * supertype, {@link dev.ember.DeviceOutOfMemoryException}.
 *
 * <pre>{@code
 * try {
 *     trainStep(model, batchSize);
 * } catch (CudaOutOfMemoryException e) {
 *     System.err.println(e.getMessage());   // the request, bytes allocated and reserved, what was tried
 *     batchSize /= 2;
 * }
 * }</pre>
 */
public final class CudaOutOfMemoryException extends dev.ember.DeviceOutOfMemoryException {
    private final String deviceName;
    private final long requestedBytes;
    private final long allocatedBytes;
    private final long reservedBytes;
    private final boolean collectionTried;

    CudaOutOfMemoryException(String deviceName, long requestedBytes, long allocatedBytes, long reservedBytes,
                             boolean collectionTried) {
        super("CUDA out of memory on " + deviceName + ": tried to allocate " + ByteSizes.both(requestedBytes)
                + "; Ember has " + ByteSizes.both(allocatedBytes) + " allocated to live blocks and "
                + ByteSizes.both(reservedBytes) + " reserved from the device. "
                + (collectionTried
                        ? "A garbage collection was tried first (it frees the blocks of tensors no longer reachable), "
                        + "so what is allocated is held by reachable tensors; then the cache was emptied and the "
                        + "allocation retried. "
                        : "The cache was already emptied and the allocation retried (no garbage collection: no live "
                        + "block belongs to a tensor). ")
                + "What is reserved beyond allocated is free space inside segments that still hold live blocks, "
                + "which emptyCache() returns only once those blocks are freed. Reduce the batch size, or release "
                + "tensors sooner (close them or their MemoryScope, and drop references to what is no longer needed: "
                + "a kept loss holds its whole graph); memory held by other processes on the device also counts "
                + "against you.");
        this.deviceName = deviceName;
        this.requestedBytes = requestedBytes;
        this.allocatedBytes = allocatedBytes;
        this.reservedBytes = reservedBytes;
        this.collectionTried = collectionTried;
    }

    public String deviceName() { return deviceName; }

    /** Bytes the failed call asked for. */
    public long requestedBytes() { return requestedBytes; }

    /** Bytes in live blocks when the call failed. */
    public long allocatedBytes() { return allocatedBytes; }

    /** Bytes held from the device when the call failed, after the cache was released. */
    public long reservedBytes() { return reservedBytes; }

    /** True when the allocator asked for a garbage collection, and let the cleaner free what it found, before failing. */
    public boolean collectionTried() { return collectionTried; }
}
