package dev.ember.cpu;

import dev.ember.DType;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arrays of released CPU storages, kept for the next storage of the same dtype and length, as PyTorch's CUDA
 * caching allocator keeps freed blocks: a training step allocates the same sizes every step, so from the second
 * step on its outputs reuse the last step's arrays instead of new ones that the JVM zeroes and the garbage
 * collector later reclaims. An array is pooled only when {@link CpuStorage#release()} hands it back, that is when
 * the last tensor on its storage is closed ({@code close()}, a {@code MemoryScope}); a storage that is never closed
 * keeps its array until the garbage collector takes both, as before, and the pool never learns of it.
 *
 * <p>A reused array holds the values its last storage left, so it only serves outputs the kernel writes completely
 * ({@code Backend.allocate}: {@code -Dember.debug.poison=true} proves each kernel does by filling them with NaN), and
 * is cleared for {@code Backend.zeros}. Results are therefore the same bit for bit with the pool on or off.
 *
 * <p>The pool holds at most {@link #capacityBytes()} bytes ({@code -Dember.cpu.pool.bytes}, default a quarter of the
 * maximum heap; 0 turns pooling off). When a returned array would pass the bound, the arrays of the sizes least
 * recently used go first. The pool holds its arrays through soft references, so the garbage collector takes them
 * back before the heap runs out: pooling never makes an {@link OutOfMemoryError} that would not happen without it.
 * Arrays under {@link #MIN_BYTES} are not pooled: the JVM allocates small ones from the thread's own buffer for
 * less than a lock costs. Thread-safe: one lock, held only to move arrays in and out.
 */
final class CpuArrayPool {
    /** Smaller arrays are left to the JVM. */
    static final long MIN_BYTES = 16 * 1024;

    static final CpuArrayPool SHARED = new CpuArrayPool(Long.getLong("ember.cpu.pool.bytes", Runtime.getRuntime().maxMemory() / 4));

    /** A dtype and a length; arrays of one key are interchangeable. */
    private record Key(DType dtype, int length) {
        long bytes() { return (long) length * dtype.byteSize(); }
    }

    private volatile long capacity;
    /** Free arrays per key, the keys in the order they were last used (access order), least recent first. */
    private final LinkedHashMap<Key, ArrayDeque<SoftReference<Object>>> free = new LinkedHashMap<>(64, 0.75f, true);
    /** Bytes of the arrays given and not yet taken or evicted, those the garbage collector took included. */
    private long pooledBytes;
    private long hits;
    private long misses;

    CpuArrayPool(long capacityBytes) {
        if (capacityBytes < 0) throw new IllegalArgumentException("ember.cpu.pool.bytes must be >= 0, got " + capacityBytes);
        this.capacity = capacityBytes;
    }

    long capacityBytes() { return capacity; }

    /** Sets the bound (0 turns pooling off), dropping the least recently used arrays above it. */
    synchronized void capacityBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("pool capacity must be >= 0, got " + bytes);
        capacity = bytes;
        evictUntil(bytes);
    }

    /** A free array of {@code dtype} and {@code length} with whatever values it held, or null when none is pooled. */
    Object take(DType dtype, int length) {
        if (!poolable(dtype, length)) return null;
        Key key = new Key(dtype, length);
        synchronized (this) {
            ArrayDeque<SoftReference<Object>> arrays = free.get(key);
            Object array = null;
            while (array == null && arrays != null && !arrays.isEmpty()) {
                array = arrays.pollLast().get();   // the most recent: likeliest still in cache; null if collected
                pooledBytes -= key.bytes();
            }
            if (arrays != null && arrays.isEmpty()) free.remove(key);
            if (array == null) {
                misses++;
                return null;
            }
            hits++;
            return array;
        }
    }

    /**
     * Keeps {@code array} for a later {@link #take}. The caller gives up the array: nothing may read or write it
     * afterwards.
     */
    void give(DType dtype, Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        if (!poolable(dtype, length)) return;
        Key key = new Key(dtype, length);
        long bytes = key.bytes();
        synchronized (this) {
            if (bytes > capacity) return;
            evictUntil(capacity - bytes);
            free.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new SoftReference<>(array));
            pooledBytes += bytes;
        }
    }

    private boolean poolable(DType dtype, int length) {
        return capacity > 0 && (long) length * dtype.byteSize() >= MIN_BYTES;
    }

    /** Drops the arrays of the least recently used sizes until at most {@code bytes} are pooled. */
    private void evictUntil(long bytes) {
        Iterator<Map.Entry<Key, ArrayDeque<SoftReference<Object>>>> sizes = free.entrySet().iterator();
        while (pooledBytes > bytes && sizes.hasNext()) {
            Map.Entry<Key, ArrayDeque<SoftReference<Object>>> e = sizes.next();
            ArrayDeque<SoftReference<Object>> arrays = e.getValue();
            while (pooledBytes > bytes && arrays.pollFirst() != null) pooledBytes -= e.getKey().bytes();
            if (arrays.isEmpty()) sizes.remove();
        }
    }

    /** Bytes of the arrays held now, at most: the garbage collector may have taken some back since. */
    synchronized long pooledBytes() { return pooledBytes; }

    /** Takes that found an array. */
    synchronized long hits() { return hits; }

    /** Takes that found none (the caller then made a new array). */
    synchronized long misses() { return misses; }

    /** Drops every pooled array, to the garbage collector (PyTorch's {@code torch.cuda.empty_cache()}). */
    synchronized void clear() {
        free.clear();
        pooledBytes = 0;
    }
}
