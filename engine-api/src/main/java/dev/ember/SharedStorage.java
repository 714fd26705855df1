package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Storage;

/**
 * A storage with what every tensor viewing it shares: the backend that owns it, a version counter bumped by
 * each in-place write (autograd compares it with the version it saved), and a count of open tensors on it.
 */
final class SharedStorage {
    final Storage storage;
    final Backend backend;
    private int version;
    private int openTensors;

    SharedStorage(Storage storage, Backend backend) {
        this.storage = storage;
        this.backend = backend;
        MemoryScope.LIVE_BYTES.add(bytes());
    }

    private long bytes() { return (long) storage.size() * storage.dtype().byteSize(); }

    int version() { return version; }

    void bumpVersion() { version++; }

    synchronized void acquire() { openTensors++; }

    synchronized void release() {
        if (--openTensors == 0) {
            storage.release();
            MemoryScope.LIVE_BYTES.add(-bytes());
        }
    }
}
