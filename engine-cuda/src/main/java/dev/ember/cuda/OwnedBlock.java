package dev.ember.cuda;

import java.lang.ref.Cleaner;

/**
 * A {@link DeviceBlock} that belongs to a Java object (a tensor's storage) and goes back to its allocator exactly
 * once: at once when the owner calls {@link #release}, or from the allocator's {@link Cleaner} thread once the
 * owner has become unreachable without being released. The first is the plan, the second the safety net for code
 * that never closes its tensors. The cleaning action holds the block, never the owner, or the owner would never
 * become unreachable.
 *
 * <pre>{@code
 * OwnedBlock owned = allocator.allocateOwned(storage, 4 * n, stream);
 * launch(kernel, owned.address(), n);
 * owned.release();   // or drop storage and let the cleaner do it
 * }</pre>
 */
final class OwnedBlock {
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    OwnedBlock(Object owner, DeviceBlock block, Cleaner cleaner) {
        this.release = new Release(block);
        this.cleanable = cleaner.register(owner, release);
    }

    DeviceBlock block() { return release.block; }

    long address() { return release.block.address(); }

    /**
     * Frees the block now, on this thread; later calls, and the cleaner, then do nothing. The owner must stay
     * reachable until this returns ({@code Reference.reachabilityFence}), so that the cleaner cannot run at the
     * same time and count the free as its own.
     */
    void release() {
        release.byOwner = true;
        cleanable.clean();
    }

    /** The cleaning action: it runs once, whoever triggers it ({@link Cleaner.Cleanable#clean} guarantees that). */
    private static final class Release implements Runnable {
        final DeviceBlock block;
        volatile boolean byOwner;

        Release(DeviceBlock block) { this.block = block; }

        @Override
        public void run() {
            if (byOwner) {
                block.allocator.freeOwned(block, false);
            } else {
                block.allocator.freeUnreachable(block);
            }
        }
    }
}
