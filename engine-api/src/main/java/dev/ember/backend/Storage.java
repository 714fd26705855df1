package dev.ember.backend;

import dev.ember.DType;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A flat block of elements owned by one backend. Only that backend looks inside; the engine sees its type,
 * its length and when it is released.
 */
public interface Storage {
    DType dtype();

    /** Number of elements: 64-bit, as every size in the engine. */
    long size();

    /** Releases the memory. Called once, when the last tensor that views it is closed. */
    void release();

    /**
     * This storage's memory, lent to a native library that reads and writes it in place (MPI, NCCL): a heap segment
     * over the CPU backend's array, or a native segment at the device address of a GPU's. Empty where the backend
     * cannot lend it (the CPU's {@code boolean[]}, whose layout Java does not fix). The segment is valid while the
     * storage is; its element type is {@link #dtype()}.
     */
    default Optional<MemorySegment> memory() { return Optional.empty(); }
}
