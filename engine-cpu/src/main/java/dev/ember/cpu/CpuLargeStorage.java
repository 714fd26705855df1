package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Optional;

/**
 * A CPU storage too large for one Java array (more than {@link #MAX_ARRAY} elements): native memory from its own
 * {@link Arena}, zeroed when allocated, 64-byte aligned. {@link #release()} frees it at once; a storage that becomes
 * unreachable without being released is freed by a {@link Cleaner}, never leaked. Elements are stored as the
 * {@link CpuStorage} arrays hold them: bool one byte (0 or 1), the half types their 16 bits, the rest in their Java
 * layout. Only {@link LargeKernels} reads and writes it; every other CPU kernel refuses it ({@link SizeLimits}).
 */
final class CpuLargeStorage implements Storage {
    /** The most elements a Java array holds on common JVMs: a little below {@link Integer#MAX_VALUE}. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final Cleaner CLEANER = Cleaner.create();

    final DType dtype;
    final long size;
    final MemorySegment segment;
    private final Cleaner.Cleanable freeing;

    private CpuLargeStorage(DType dtype, long size, Arena arena) {
        this.dtype = dtype;
        this.size = size;
        this.segment = arena.allocate(Math.multiplyExact(size, (long) dtype.byteSize()), 64);
        this.freeing = CLEANER.register(this, arena::close);   // the action holds the arena, never this storage
    }

    /** Zero-filled native memory for {@code size} elements; throws {@link OutOfMemoryError} naming the bytes when there is none. */
    static CpuLargeStorage allocate(DType dtype, long size) {
        Arena arena = Arena.ofShared();
        try {
            return new CpuLargeStorage(dtype, size, arena);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw new OutOfMemoryError("CPU storage of " + size + " " + dtype + " elements (" + size * dtype.byteSize()
                    + " bytes): " + e.getMessage());
        }
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public long size() { return size; }

    /** The native memory itself, except for bool, whose bytes the lending contract leaves to the backend. */
    @Override
    public Optional<MemorySegment> memory() { return dtype == DType.BOOL ? Optional.empty() : Optional.of(segment); }

    @Override
    public void release() { freeing.clean(); }

    @Override
    public String toString() { return "CpuLargeStorage(" + dtype + ", " + size + " elements)"; }
}
