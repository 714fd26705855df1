package dev.ember.cuda;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hands out device memory without a driver call per tensor: {@code cuMemAlloc} is slow and {@code cuMemFree}
 * synchronizes the whole device, so freed memory is cached and handed out again. The policy is PyTorch's
 * ({@code c10/cuda/CUDACachingAllocator.cpp}), with its constants:
 * <ul>
 *   <li><b>Rounding.</b> Every request is rounded up to a multiple of 512 bytes (a request of 0 takes 512), so
 *       every block starts 512-byte aligned.</li>
 *   <li><b>Segments.</b> Memory comes from the device in segments, one raw allocation each. A small request
 *       (at most 1 MiB after rounding) is carved from a 2 MiB segment. A large one under 10 MiB is carved from a
 *       20 MiB segment, so medium tensors share segments instead of taking one each; from 10 MiB up, the
 *       segment is the request rounded up to 2 MiB.</li>
 *   <li><b>Pools.</b> Free pieces wait in one of two pools, small and large, by the segment they belong to. A
 *       small request is served only from the small pool and a large one only from the large pool, so small
 *       tensors do not fragment the big segments.</li>
 *   <li><b>Streams.</b> A segment and every block carved from it belong to the stream that asked for it, and a
 *       freed block is handed out again only on that stream. Work on one stream runs in order, so the block's
 *       next user cannot start before its last one has finished; on another stream it could, which would need
 *       an event per free, and this allocator records none.</li>
 *   <li><b>Best fit.</b> A request takes the smallest free piece of its stream and pool that is large enough,
 *       the lowest address on a tie; only when there is none is a new segment allocated.</li>
 *   <li><b>Split.</b> The rest of a larger piece is split off as a new free piece when it is worth keeping: at
 *       least 512 bytes in the small pool, more than 1 MiB in the large one. Otherwise the block keeps it, and it
 *       counts as allocated.</li>
 *   <li><b>Merge.</b> A freed block merges with its free neighbours in the same segment, so a segment whose
 *       blocks are all free is again one free piece.</li>
 *   <li><b>Release.</b> A segment goes back to the device only when all of it is free: on {@link #emptyCache},
 *       or when the device runs out. Memory of a block in use is never freed, and {@code cuMemFree} waits for the
 *       device, so no queued work still touches a released segment.</li>
 *   <li><b>Owned blocks.</b> A block handed out with {@link #allocateOwned} belongs to a Java object (a tensor's
 *       storage). Releasing the owner frees it at once, as {@link #free} does; an owner that becomes unreachable
 *       unreleased has its block freed by a {@link Cleaner} (one thread for all allocators). That free is safe
 *       on any thread: it only returns the block to its stream's pool, and kernels queued on that stream before
 *       it still run before the block's next user.</li>
 *   <li><b>Out of memory.</b> When a raw allocation fails, every entirely free segment (of every stream and
 *       pool) is released and the allocation tried once more; a large request that asked for a 20 MiB segment
 *       also tries a segment just big enough (PyTorch does not; it saves an error when the device is nearly
 *       full). If that fails and some owned block is live, the allocator asks for a garbage collection
 *       ({@code System.gc()}), waits until the cleaner has begun on what it found (at most
 *       {@value #SENTINEL_WAIT_MS} ms), and tries again (cache release included) at once and then after waits
 *       of 1, 2, 4, ..., 256 ms, about half a second in all, as {@code java.nio} does for direct buffers; it
 *       stops early once no owned block is left. It waits without holding its lock, which the cleaner needs to
 *       free. A loop that never closes its tensors so runs as it would on the CPU, at the price of a collection
 *       whenever the device fills. If nothing fits even
 *       then, {@link CudaOutOfMemoryException} names the device, the request and the bytes allocated and
 *       reserved, and says whether a collection was tried; apart from the released cache, the blocks the
 *       cleaner freed and the counters, nothing has changed, and the allocator goes on working.</li>
 * </ul>
 * Statistics ({@link #stats}) count bytes allocated and reserved with their peaks, cache hits, raw allocations
 * and frees, collections asked for and blocks the cleaner freed. Thread safe: every public method holds the
 * allocator's lock, except while {@link #allocate} waits for a collection. One allocator per device.
 *
 * <pre>{@code
 * CachingAllocator allocator = new CachingAllocator(driverMemory);
 * DeviceBlock x = allocator.allocate(4L * 1024 * 1024, stream);   // new 20 MiB segment
 * allocator.free(x);                                               // cached, not returned
 * DeviceBlock y = allocator.allocate(4L * 1024 * 1024, stream);   // same memory: a cache hit
 * }</pre>
 */
final class CachingAllocator {
    /** Every block is a multiple of this; the smallest piece worth splitting off in the small pool. */
    static final long ROUNDING = 512;
    /** Largest small request; also the largest rest a large block keeps rather than split off. */
    static final long SMALL_REQUEST = 1L << 20;
    static final long SMALL_SEGMENT = 2L << 20;
    /** Large requests below this share a {@link #MEDIUM_SEGMENT}. */
    static final long MEDIUM_REQUEST = 10L << 20;
    static final long MEDIUM_SEGMENT = 20L << 20;
    /** Segments for requests from {@link #MEDIUM_REQUEST} up are the request rounded up to this. */
    static final long LARGE_SEGMENT_ROUNDING = 2L << 20;
    /** Above this a request is refused as an argument error: rounding it could overflow. */
    static final long MAX_REQUEST = 1L << 62;
    /** Longest wait for the cleaner to reach a collection's findings before the retries start. */
    static final long SENTINEL_WAIT_MS = 1000;
    /** Retries after the first one after a collection, with waits of 1, 2, 4, ..., 256 ms before them. */
    static final int COLLECTION_RETRIES = 9;

    private static final System.Logger LOG = System.getLogger(CachingAllocator.class.getName());
    /** Frees the blocks of owners that became unreachable unreleased; its one daemon thread serves every allocator. */
    private static final Cleaner CLEANER = Cleaner.create(r -> new Thread(r, "ember-cuda-cleaner"));

    private final DeviceMemory memory;
    /** Asks for a collection and waits for the cleaner; called without the lock. Tests replace it. */
    private final Runnable collection;
    private final FreePool smallPool = new FreePool();
    private final FreePool largePool = new FreePool();
    /** The first piece of every segment held, by segment address: walking from it visits the whole segment. */
    private final Map<Long, Chunk> segmentHeads = new TreeMap<>(Long::compareUnsigned);

    private long allocatedBytes;
    private long reservedBytes;
    private long peakAllocatedBytes;
    private long peakReservedBytes;
    private long allocations;
    private long cacheHits;
    private long rawAllocations;
    private long rawFrees;
    private long cacheFlushes;
    private long outOfMemoryErrors;
    private long collections;
    private long blocksCollected;
    /** Owned blocks not yet freed: while there are none, a collection could not free anything. */
    private long ownedBlocks;
    /** The first free by the cleaner that threw (the cleaner would swallow it); {@link #checkConsistency} reports it. */
    private RuntimeException cleanerFailure;

    public CachingAllocator(DeviceMemory memory) {
        this(memory, CachingAllocator::collectGarbage);
    }

    CachingAllocator(DeviceMemory memory, Runnable collection) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.collection = Objects.requireNonNull(collection, "collection");
    }

    /**
     * A block of at least {@code bytes} for use on {@code stream}, from the cache if it has a fitting piece of that
     * stream, else from a new segment. Give it back with {@link #free}.
     *
     * @throws CudaOutOfMemoryException if the device cannot supply a new segment even after the cache is released
     *         and, where owned blocks are live, a garbage collection
     * @throws IllegalArgumentException if {@code bytes} is negative or above 2^62
     */
    public DeviceBlock allocate(long bytes, long stream) {
        if (bytes < 0 || bytes > MAX_REQUEST) {
            throw new IllegalArgumentException("CachingAllocator.allocate: bytes must be in [0, 2^62], got " + bytes);
        }
        DeviceBlock block = tryAllocate(bytes, stream);
        boolean collect = block == null && mayCollect();
        if (collect) block = allocateAfterCollection(bytes, stream);
        if (block == null) throw outOfMemory(bytes, collect);
        return block;
    }

    /**
     * A block that belongs to {@code owner}: {@link OwnedBlock#release} frees it at once, and if the owner becomes
     * unreachable first, the cleaner frees it. The owner must not be reachable from anything the block holds.
     *
     * <pre>{@code
     * this.block = allocator.allocateOwned(this, bytes, stream);   // in the storage's constructor
     * }</pre>
     */
    OwnedBlock allocateOwned(Object owner, long bytes, long stream) {
        Objects.requireNonNull(owner, "owner");
        DeviceBlock block = allocate(bytes, stream);
        synchronized (this) {
            block.owned = true;
            ownedBlocks++;
        }
        return new OwnedBlock(owner, block, CLEANER);
    }

    /** The allocation itself: from the cache, else a new segment (releasing the cache once if needed); null if out. */
    private synchronized DeviceBlock tryAllocate(long bytes, long stream) {
        long size = roundUp(Math.max(bytes, 1), ROUNDING);
        boolean small = size <= SMALL_REQUEST;
        FreePool pool = small ? smallPool : largePool;
        Chunk chunk = pool.bestFit(stream, size);
        if (chunk != null) {
            pool.remove(chunk);
            cacheHits++;
        } else {
            chunk = newSegment(size, stream, small);
            if (chunk == null) return null;
        }
        splitOff(chunk, size, pool);
        DeviceBlock block = new DeviceBlock(this, chunk, bytes);
        chunk.owner = block;
        allocations++;
        allocatedBytes += chunk.size;
        peakAllocatedBytes = Math.max(peakAllocatedBytes, allocatedBytes);
        return block;
    }

    /**
     * A collection can free something only while an owned block is live, and helps only if this thread does not
     * hold the lock (a caller inside a {@code synchronized (allocator)} block would keep the cleaner out).
     */
    private boolean mayCollect() {
        return !Thread.holdsLock(this) && hasOwnedBlocks();
    }

    /**
     * Asks for a collection and retries with growing waits between tries, never holding the lock while it waits:
     * the cleaner takes the lock to free each block it finds. Null when nothing fits after the last retry.
     */
    private DeviceBlock allocateAfterCollection(long bytes, long stream) {
        synchronized (this) {
            collections++;
        }
        collection.run();
        long sleepMs = 1;
        for (int retry = 0; ; retry++) {
            // read before the try: a block the cleaner frees after this read is seen by the try (read after it,
            // a free between the two would end the retries with the room it made unused)
            boolean ownedLeft = hasOwnedBlocks();
            DeviceBlock block = tryAllocate(bytes, stream);
            if (block != null || retry == COLLECTION_RETRIES || !ownedLeft) return block;
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleepMs *= 2;
        }
    }

    private synchronized boolean hasOwnedBlocks() { return ownedBlocks > 0; }

    private synchronized CudaOutOfMemoryException outOfMemory(long bytes, boolean collected) {
        outOfMemoryErrors++;
        return new CudaOutOfMemoryException(memory.deviceName(), bytes, allocatedBytes, reservedBytes, collected);
    }

    /**
     * The default {@link #collection}: a full collection, then a wait until the cleaner has run an action
     * registered just before it (a sentinel that was unreachable at once), so that the cleaner is at work on what
     * the collection found when the retries begin. Bounded: where {@code -XX:+DisableExplicitGC} makes
     * {@code System.gc()} do nothing, the retries still run after {@value #SENTINEL_WAIT_MS} ms.
     */
    static void collectGarbage() {
        CountDownLatch ran = new CountDownLatch(1);
        CLEANER.register(new Object(), ran::countDown);
        System.gc();
        try {
            ran.await(SENTINEL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns {@code block} to its stream's pool, merged with its free neighbours; its memory stays reserved.
     *
     * @throws IllegalStateException if the block was already freed
     * @throws IllegalArgumentException if the block came from another allocator, or belongs to an owner (it goes
     *         back through its {@link OwnedBlock})
     */
    public synchronized void free(DeviceBlock block) {
        check(block);
        if (block.owned) {
            throw new IllegalArgumentException("CachingAllocator.free: " + block + " belongs to an owner; "
                    + "OwnedBlock.release frees it");
        }
        returnToPool(block);
    }

    /** Frees an owned block, explicitly released ({@code collected} false) or found unreachable by the cleaner. */
    synchronized void freeOwned(DeviceBlock block, boolean collected) {
        check(block);
        if (!block.owned) throw new IllegalArgumentException("CachingAllocator.freeOwned: " + block + " has no owner");
        returnToPool(block);
        ownedBlocks--;
        if (collected) blocksCollected++;
    }

    /**
     * The cleaner's free: whatever goes wrong is kept for {@link #checkConsistency} and logged, since the cleaner
     * thread would swallow it.
     */
    void freeUnreachable(DeviceBlock block) {
        try {
            freeOwned(block, true);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (cleanerFailure == null) cleanerFailure = e;
            }
            LOG.log(System.Logger.Level.WARNING, "the cleaner could not free " + block, e);
        }
    }

    private void check(DeviceBlock block) {
        Objects.requireNonNull(block, "block");
        if (block.allocator != this) {
            throw new IllegalArgumentException("CachingAllocator.free: " + block + " belongs to another allocator");
        }
        if (block.chunk.owner != block) {
            throw new IllegalStateException("CachingAllocator.free: " + block + " at address 0x"
                    + Long.toHexString(block.address()) + " was already freed");
        }
    }

    private void returnToPool(DeviceBlock block) {
        Chunk chunk = block.chunk;
        chunk.owner = null;
        allocatedBytes -= chunk.size;
        FreePool pool = poolOf(chunk);
        Chunk prev = chunk.prev;
        if (prev != null && prev.isFree()) {
            pool.remove(prev);
            absorbNext(prev);
            chunk = prev;
        }
        Chunk next = chunk.next;
        if (next != null && next.isFree()) {
            pool.remove(next);
            absorbNext(chunk);
        }
        pool.add(chunk);
    }

    /**
     * Returns every entirely free segment to the device, on all streams; segments holding a live block stay. Call
     * it between phases of a program that need memory for different shapes, or to leave memory to another process.
     */
    public synchronized void emptyCache() {
        releaseFreeSegments();
    }

    public synchronized AllocatorStats stats() {
        return new AllocatorStats(allocatedBytes, reservedBytes, peakAllocatedBytes, peakReservedBytes, allocations,
                cacheHits, rawAllocations, rawFrees, segmentHeads.size(), cacheFlushes, outOfMemoryErrors, collections,
                blocksCollected);
    }

    /** Sets the peaks to the current values, to measure the peak of what follows. */
    public synchronized void resetPeakStats() {
        peakAllocatedBytes = allocatedBytes;
        peakReservedBytes = reservedBytes;
    }

    /** A new segment for a request of {@code size} (rounded) bytes, releasing the cache to retry; null if out. */
    private Chunk newSegment(long size, long stream, boolean small) {
        long segmentSize = segmentSize(size, small);
        long address = memory.allocate(segmentSize);
        if (address == DeviceMemory.OUT_OF_MEMORY) {
            cacheFlushes++;
            releaseFreeSegments();
            address = memory.allocate(segmentSize);
            long justEnough = small ? SMALL_SEGMENT : roundUp(size, LARGE_SEGMENT_ROUNDING);
            if (address == DeviceMemory.OUT_OF_MEMORY && justEnough < segmentSize) {
                segmentSize = justEnough;
                address = memory.allocate(segmentSize);
            }
            if (address == DeviceMemory.OUT_OF_MEMORY) return null;
        }
        Chunk head = new Chunk(new Segment(address, segmentSize, stream, small), address, segmentSize);
        if (segmentHeads.putIfAbsent(address, head) != null) {
            throw new IllegalStateException("DeviceMemory.allocate on " + memory.deviceName() + " returned 0x"
                    + Long.toHexString(address) + ", the address of a segment still held");
        }
        rawAllocations++;
        reservedBytes += segmentSize;
        peakReservedBytes = Math.max(peakReservedBytes, reservedBytes);
        return head;
    }

    /** Frees each whole-segment free piece; one whose raw free throws stays held, and later ones are not tried. */
    private void releaseFreeSegments() {
        List<Chunk> whole = new ArrayList<>(smallPool.wholeSegments());
        whole.addAll(largePool.wholeSegments());
        for (Chunk c : whole) {
            memory.free(c.address);
            poolOf(c).remove(c);
            segmentHeads.remove(c.address);
            reservedBytes -= c.size;
            rawFrees++;
        }
    }

    /** Cuts {@code chunk} (out of any pool) down to {@code size} when the rest is worth keeping as a free piece. */
    private void splitOff(Chunk chunk, long size, FreePool pool) {
        long rest = chunk.size - size;
        boolean worthKeeping = chunk.segment.small() ? rest >= ROUNDING : rest > SMALL_REQUEST;
        if (!worthKeeping) return;
        Chunk tail = new Chunk(chunk.segment, chunk.address + size, rest);
        tail.prev = chunk;
        tail.next = chunk.next;
        if (chunk.next != null) chunk.next.prev = tail;
        chunk.next = tail;
        chunk.size = size;
        pool.add(tail);
    }

    /** Folds the piece after {@code chunk} into it; neither may be in a pool. */
    private static void absorbNext(Chunk chunk) {
        Chunk next = chunk.next;
        chunk.size += next.size;
        chunk.next = next.next;
        if (next.next != null) next.next.prev = chunk;
    }

    private FreePool poolOf(Chunk chunk) {
        return chunk.segment.small() ? smallPool : largePool;
    }

    static long segmentSize(long size, boolean small) {
        if (small) return SMALL_SEGMENT;
        if (size < MEDIUM_REQUEST) return MEDIUM_SEGMENT;
        return roundUp(size, LARGE_SEGMENT_ROUNDING);
    }

    private static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /**
     * Checks every invariant the policy relies on and throws {@link IllegalStateException} naming the first one
     * broken: the pieces of each segment tile it in address order with consistent links, no two free neighbours,
     * the free pieces are exactly the pools' contents, each live piece's handle matches it, and the byte and
     * segment counters equal what the segments hold. For tests; it walks every segment.
     */
    synchronized void checkConsistency() {
        if (cleanerFailure != null) fail("a free by the cleaner failed: " + cleanerFailure.getMessage());
        long allocated = 0, reserved = 0, owned = 0;
        int free = 0;
        for (Chunk head : segmentHeads.values()) {
            Segment s = head.segment;
            reserved += s.size();
            if (head.prev != null || head.address != s.address()) fail(s + " does not start at its first piece");
            long expected = s.address();
            for (Chunk c = head; c != null; c = c.next) {
                String piece = "piece " + FreePool.describe(c);
                if (c.segment != s) fail(piece + " is in the list of another segment, " + s);
                if (c.address != expected) fail(piece + " should start at 0x" + Long.toHexString(expected));
                if (c.size <= 0 || c.size % ROUNDING != 0) fail(piece + " has a bad size");
                if (c.next != null && c.next.prev != c) fail(piece + " has a broken back link");
                expected += c.size;
                if (c.isFree()) {
                    free++;
                    if (c.next != null && c.next.isFree()) fail(piece + " and the next are free but not merged");
                    if (!poolOf(c).contains(c)) fail(piece + " is free but in no pool");
                } else {
                    allocated += c.size;
                    DeviceBlock b = c.owner;
                    if (b.owned) owned++;
                    if (b.chunk != c || b.address() != c.address || b.size() != c.size) fail(piece + " is not " + b);
                }
            }
            if (expected != s.address() + s.size()) fail(s + " has pieces up to 0x" + Long.toHexString(expected));
        }
        int pooled = smallPool.size() + largePool.size();
        if (free != pooled) fail(free + " free pieces in segments but " + pooled + " in pools");
        if (allocated != allocatedBytes) fail("allocatedBytes " + allocatedBytes + " but live pieces hold " + allocated);
        if (owned != ownedBlocks) fail("ownedBlocks " + ownedBlocks + " but " + owned + " live blocks have owners");
        if (reserved != reservedBytes) fail("reservedBytes " + reservedBytes + " but segments hold " + reserved);
        if (segmentHeads.size() != rawAllocations - rawFrees) {
            fail(segmentHeads.size() + " segments after " + rawAllocations + " raw allocations and " + rawFrees + " frees");
        }
    }

    private static void fail(String what) {
        throw new IllegalStateException("CachingAllocator inconsistent: " + what);
    }
}
