package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A CPU storage too large for one Java array (more than {@link #MAX_ARRAY} elements): native memory from its own
 * {@link Arena}, zeroed, 64-byte aligned. {@link #release()} frees it at once; a storage that becomes unreachable
 * without being released is freed by a {@link Cleaner}, never leaked. Elements are stored as the {@link CpuStorage}
 * arrays hold them: bool one byte (0 or 1), the half types their 16 bits, the rest in their Java layout. Only
 * {@link LargeKernels} reads and writes it; every other CPU kernel refuses it ({@link SizeLimits}).
 *
 * <p>The memory is taken when a kernel first reads or writes it, not when the storage is made, as {@code calloc}'s
 * untouched pages: an op allocates its output before the backend sees the operands, and one that {@link SizeLimits}
 * refuses ({@code ones(INT32, 1, 1).expand(46341, 46341).add(1)}) then refuses without taking the 8.6 GB it would
 * never write. An {@link OutOfMemoryError} naming the bytes comes at that first use.
 */
final class CpuLargeStorage implements Storage {
    /** The most elements a Java array holds on common JVMs: a little below {@link Integer#MAX_VALUE}. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final LongAdder COMMITTED = new LongAdder();

    final DType dtype;
    final long size;
    private final Memory memory;
    private final Cleaner.Cleanable freeing;

    private CpuLargeStorage(DType dtype, long size) {
        this.dtype = dtype;
        this.size = size;
        this.memory = new Memory(Math.multiplyExact(size, (long) dtype.byteSize()), size + " " + dtype + " elements");
        this.freeing = CLEANER.register(this, memory);   // the action holds the memory, never this storage
    }

    /** A storage of {@code size} elements whose zero-filled memory is taken on its first {@link #segment()}. */
    static CpuLargeStorage allocate(DType dtype, long size) { return new CpuLargeStorage(dtype, size); }

    /** The native memory, taken (zeroed) on the first call; throws {@link OutOfMemoryError} naming the bytes when there is none. */
    MemorySegment segment() { return memory.segment(); }

    /** Bytes of native memory that CPU storages hold now (taken and not yet freed). */
    static long committedBytes() { return COMMITTED.sum(); }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public long size() { return size; }

    /** The native memory itself, except for bool, whose bytes the lending contract leaves to the backend. */
    @Override
    public Optional<MemorySegment> memory() { return dtype == DType.BOOL ? Optional.empty() : Optional.of(segment()); }

    @Override
    public void release() { freeing.clean(); }

    @Override
    public String toString() { return "CpuLargeStorage(" + dtype + ", " + size + " elements)"; }

    /** The arena and its one segment: what the Cleaner frees, so it must not reach the storage. */
    private static final class Memory implements Runnable {
        private final long bytes;
        private final String what;
        private Arena arena;
        private MemorySegment segment;
        private boolean freed;

        Memory(long bytes, String what) {
            this.bytes = bytes;
            this.what = what;
        }

        synchronized MemorySegment segment() {
            if (segment != null) return segment;   // after a free too: its scope is closed, so an access throws
            if (freed) throw new IllegalStateException("CPU storage of " + what + " was released before it was written");
            Arena a = Arena.ofShared();
            try {
                segment = a.allocate(bytes, 64);
            } catch (OutOfMemoryError e) {
                a.close();
                throw new OutOfMemoryError("CPU storage of " + what + " (" + bytes + " bytes): " + e.getMessage());
            }
            arena = a;
            COMMITTED.add(bytes);
            return segment;
        }

        @Override
        public synchronized void run() {
            if (freed) return;
            freed = true;
            if (arena == null) return;
            arena.close();
            COMMITTED.add(-bytes);
        }
    }
}
