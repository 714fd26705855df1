package dev.ember.cuda;

/**
 * Device memory handed out by a {@link CachingAllocator}: {@code size} bytes at {@code address}, for use on
 * {@code stream}. Give it back with {@link CachingAllocator#free} exactly once, or, for a block that belongs to an
 * object ({@link CachingAllocator#allocateOwned}), through its {@link OwnedBlock}: released by the object, or by
 * the cleaner once the object is unreachable. Named so as not to be confused with a CUDA thread block.
 *
 * <pre>{@code
 * DeviceBlock block = allocator.allocate(4 * n, stream);   // room for n floats
 * launch(kernel, block.address(), n);
 * allocator.free(block);
 * }</pre>
 */
final class DeviceBlock {
    final CachingAllocator allocator;
    final Chunk chunk;
    private final long address;
    private final long size;
    private final long requestedBytes;
    /** Handed out by {@link CachingAllocator#allocateOwned}: it goes back through its {@link OwnedBlock}. */
    boolean owned;

    DeviceBlock(CachingAllocator allocator, Chunk chunk, long requestedBytes) {
        this.allocator = allocator;
        this.chunk = chunk;
        this.address = chunk.address;
        this.size = chunk.size;
        this.requestedBytes = requestedBytes;
    }

    /** The device address of the first byte. */
    public long address() { return address; }

    /**
     * Bytes the block holds: the request rounded up to 512, or a little more where the rest of a cached piece
     * was too small to split off. Counted in full as allocated.
     */
    public long size() { return size; }

    /** Bytes the caller asked for. */
    public long requestedBytes() { return requestedBytes; }

    /**
     * The stream the block belongs to; once freed, it is handed out again only on this stream, so work queued on
     * it before the free finishes before the next user's. A block also used on another stream must not be freed
     * until that stream's work on it is done: the allocator does not track it.
     */
    public long stream() { return chunk.stream(); }

    @Override
    public String toString() {
        return "DeviceBlock[0x" + Long.toHexString(address) + ", " + size + " bytes, stream " + stream() + "]";
    }
}
