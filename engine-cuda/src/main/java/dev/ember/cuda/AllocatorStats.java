package dev.ember.cuda;

/**
 * A snapshot of a {@link CachingAllocator}'s counters. Bytes in use ({@code allocatedBytes}) never exceed bytes
 * held from the device ({@code reservedBytes}); the difference is the cache. Every allocation is either a cache
 * hit or made a new segment, so {@code allocations == cacheHits + rawAllocations}, and
 * {@code segments == rawAllocations - rawFrees}. A program that never closes its tensors shows
 * {@code blocksCollected} growing: their blocks come back through the garbage collector, later than a
 * {@code MemoryScope} would give them back, and each {@code collections} is a pause.
 *
 * <pre>{@code
 * AllocatorStats s = Cuda.memoryStats(Device.cuda(0));
 * System.out.println(s.cachedBytes() + " bytes cached, " + s.blocksCollected() + " freed by the collector");
 * }</pre>
 *
 * @param allocatedBytes      bytes of the blocks in use (each block counted at its full {@link DeviceBlock#size})
 * @param reservedBytes       bytes of all segments held from the device, in use or cached
 * @param peakAllocatedBytes  highest {@code allocatedBytes} since creation or {@link CachingAllocator#resetPeakStats}
 * @param peakReservedBytes   highest {@code reservedBytes} since creation or {@link CachingAllocator#resetPeakStats}
 * @param allocations         successful {@link CachingAllocator#allocate} calls
 * @param cacheHits           allocations served from a pool, without a raw allocation
 * @param rawAllocations      successful raw allocations (segments created)
 * @param rawFrees            raw frees (segments returned to the device)
 * @param segments            segments held now
 * @param cacheFlushes        times a raw allocation failed and the allocator released its cache to retry
 * @param outOfMemoryErrors   {@link CudaOutOfMemoryException}s thrown
 * @param collections         garbage collections the allocator asked for because the device was full
 * @param blocksCollected     blocks of tensors never closed, freed by the cleaner once they became unreachable
 */
public record AllocatorStats(long allocatedBytes, long reservedBytes, long peakAllocatedBytes,
                             long peakReservedBytes, long allocations, long cacheHits, long rawAllocations,
                             long rawFrees, long segments, long cacheFlushes, long outOfMemoryErrors,
                             long collections, long blocksCollected) {

    /** The cache: bytes held from the device but not in use. */
    public long cachedBytes() { return reservedBytes - allocatedBytes; }

    @Override
    public String toString() {
        return "allocated " + ByteSizes.human(allocatedBytes) + " (peak " + ByteSizes.human(peakAllocatedBytes)
                + "), reserved " + ByteSizes.human(reservedBytes) + " (peak " + ByteSizes.human(peakReservedBytes)
                + ") in " + segments + " segments; " + allocations + " allocations, " + cacheHits + " cache hits, "
                + rawAllocations + " raw allocations, " + rawFrees + " raw frees, " + cacheFlushes
                + " cache flushes, " + outOfMemoryErrors + " out-of-memory errors, " + collections
                + " collections, " + blocksCollected + " blocks freed by the collector";
    }
}
