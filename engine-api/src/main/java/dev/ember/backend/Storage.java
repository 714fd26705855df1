package dev.ember.backend;

import dev.ember.DType;

/**
 * A flat block of elements owned by one backend. Only that backend looks inside; the engine sees its type,
 * its length and when it is released.
 */
public interface Storage {
    DType dtype();

    /** Number of elements. */
    int size();

    /** Releases the memory. Called once, when the last tensor that views it is closed. */
    void release();
}
