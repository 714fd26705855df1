package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Storage;

/**
 * A storage with what every tensor viewing it shares: the backend that owns it, a version counter bumped by
 * each in-place write (autograd compares it with the version it saved), and a count of open tensors on it.
 * The storage is released once, when that count falls to zero, and never acquired again: a tensor made on it
 * afterwards would read freed memory and release it a second time.
 */
final class SharedStorage {
    final Storage storage;
    final Backend backend;
    private int version;
    private int openTensors;
    private boolean released;

    SharedStorage(Storage storage, Backend backend) {
        this.storage = storage;
        this.backend = backend;
        MemoryScope.LIVE_BYTES.add(bytes());
    }

    private long bytes() { return (long) storage.size() * storage.dtype().byteSize(); }

    int version() { return version; }

    void bumpVersion() { version++; }

    synchronized void acquire() {
        if (released) {
            throw new IllegalStateException("a " + storage.dtype() + " storage of " + storage.size() + " elements on "
                    + backend.device() + " was released when its last tensor was closed; no tensor can view it again");
        }
        openTensors++;
    }

    synchronized void release() {
        if (released || openTensors <= 0) {
            throw new IllegalStateException("a " + storage.dtype() + " storage of " + storage.size() + " elements on "
                    + backend.device() + " released more often than tensors were made on it");
        }
        if (--openTensors == 0) {
            released = true;
            storage.release();
            MemoryScope.LIVE_BYTES.add(-bytes());
        }
    }
}
