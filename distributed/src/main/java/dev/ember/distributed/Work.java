package dev.ember.distributed;

/**
 * A collective started by {@link ProcessGroup#allReduceAsync}: its tensors hold the result once {@link #await()}
 * returns. PyTorch: the {@code Work} an {@code async_op=True} collective returns.
 */
public interface Work {
    /** Waits until the collective is done and its result is in the tensors; a second call does nothing. */
    void await();
}
