package dev.ember.cuda;

/**
 * The device could not supply memory for an allocation, even after the allocator released its cache and tried
 * again. The allocator is unchanged by the failed call, apart from the cache it released, and stays usable: free
 * something, or ask for less, and carry on.
 */
public final class CudaOutOfMemoryException extends RuntimeException {
    private final String deviceName;
    private final long requestedBytes;
    private final long allocatedBytes;
    private final long reservedBytes;

    CudaOutOfMemoryException(String deviceName, long requestedBytes, long allocatedBytes, long reservedBytes) {
        super("CUDA out of memory on " + deviceName + ": tried to allocate " + ByteSizes.both(requestedBytes)
                + "; Ember has " + ByteSizes.both(allocatedBytes) + " allocated to live blocks and "
                + ByteSizes.both(reservedBytes) + " reserved from the device. The cache was already emptied and the "
                + "allocation retried; what is reserved beyond allocated is free space inside segments that still "
                + "hold live blocks, which emptyCache() returns only once those blocks are freed. Reduce the batch "
                + "size, or release tensors sooner (close their MemoryScope); memory held by other processes on the "
                + "device also counts against you.");
        this.deviceName = deviceName;
        this.requestedBytes = requestedBytes;
        this.allocatedBytes = allocatedBytes;
        this.reservedBytes = reservedBytes;
    }

    public String deviceName() { return deviceName; }

    /** Bytes the failed call asked for. */
    public long requestedBytes() { return requestedBytes; }

    /** Bytes in live blocks when the call failed. */
    public long allocatedBytes() { return allocatedBytes; }

    /** Bytes held from the device when the call failed, after the cache was released. */
    public long reservedBytes() { return reservedBytes; }
}
