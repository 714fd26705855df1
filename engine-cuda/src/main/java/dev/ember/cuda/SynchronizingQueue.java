package dev.ember.cuda;

/**
 * A {@link DeviceQueue} for sync mode: every launch, copy and fill is passed on, then waited for, so a fault surfaces
 * at the operation that caused it and the exception names it: the kernel with its grid and arguments (addresses in
 * hex, {@code Strided} structs as shape, strides and offset), or the copy or fill with its addresses and size.
 * Nothing is queued on a device that an earlier fault left unusable.
 */
final class SynchronizingQueue implements DeviceQueue {
    private final DeviceQueue queue;
    private final SyncMode sync;
    private final DeviceHealth health;

    SynchronizingQueue(DeviceQueue queue, SyncMode sync, DeviceHealth health) {
        this.queue = queue;
        this.sync = sync;
        this.health = health;
    }

    @Override
    public void launch(String name, long work, Object... args) {
        if (work <= 0) return;
        health.requireUsable();
        queue.launch(name, work, args);
        sync.after(() -> CallDescriptions.kernel(name, KernelModule.blocksFor(work), work + " items", args));
    }

    @Override
    public void launchPerBlock(String name, long items, Object... args) {
        if (items <= 0) return;
        health.requireUsable();
        queue.launchPerBlock(name, items, args);
        sync.after(() -> CallDescriptions.kernel(name, KernelModule.blocksPerItem(items), items
                + " items, a block each", args));
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        health.requireUsable();
        queue.copy(dst, src, bytes);
        sync.after(() -> CallDescriptions.copy(dst, src, bytes));
    }

    @Override
    public void zero(long address, long bytes) {
        if (bytes == 0) return;
        health.requireUsable();
        queue.zero(address, bytes);
        sync.after(() -> CallDescriptions.zero(address, bytes));
    }
}
