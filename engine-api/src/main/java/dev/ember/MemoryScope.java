package dev.ember;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Owns the tensors created inside it on this thread and closes them when it closes, so device memory is
 * released at a known point rather than by the garbage collector. Scopes nest; {@link #keep} hands a tensor to
 * the enclosing scope (or to nobody, at the outermost level). Gradients stored in {@code grad()} belong to
 * their tensor, not to a scope. A scope belongs to the thread that opened it: only that thread may close it or
 * keep tensors out of it.
 *
 * <p>Closing follows {@link Tensor#close()}: a view (reshape, slice, transpose, {@code detach()}) holds the
 * storage it shares, so the memory goes when the last open tensor on it is closed, exactly once. A tensor kept
 * out of the scope keeps its storage alive even when the tensor it views is closed with the scope. Using a
 * closed tensor (an op, a view of it, reading its values) throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * Tensor result;
 * try (MemoryScope scope = MemoryScope.open()) {
 *     Tensor h = x.matmul(w).relu();          // closed with the scope
 *     result = scope.keep(h.sum());           // survives it
 * }
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();
    static final java.util.concurrent.atomic.LongAdder LIVE_BYTES = new java.util.concurrent.atomic.LongAdder();

    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent) { this.parent = parent; }

    /**
     * Bytes of tensor storage not yet released, on all devices: storages whose tensors have not all been
     * closed. Tensors never closed (outside any scope) stay counted even after the garbage collector frees them.
     * Each storage is counted once and released once, so this never falls below zero.
     */
    public static long liveBytes() { return LIVE_BYTES.sum(); }

    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Moves {@code t} out of this scope into the enclosing one; returns it. */
    public <T extends Tensor> T keep(T t) {
        requireOwner("keep was called");
        if (owned.remove(t) && parent != null) parent.owned.add(t);
        return t;
    }

    /** Number of tensors this scope will close. */
    public int size() { return owned.size(); }

    @Override
    public void close() {
        if (closed) return;
        requireOwner("was closed");
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first "
                    + "(use try-with-resources)");
        }
        closed = true;
        CURRENT.set(parent);
        for (Tensor t : owned) t.close();
        owned.clear();
    }

    /** Scopes nest per thread ({@code CURRENT} is a thread-local), so another thread's use would break the nesting. */
    private void requireOwner(String action) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new IllegalStateException("MemoryScope opened on thread '" + owner.getName() + "' " + action
                    + " on thread '" + current.getName() + "': a scope belongs to the thread that opened it; open "
                    + "and close one on each thread (try-with-resources)");
        }
    }

    static void register(Tensor t) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) scope.owned.add(t);
    }

    /**
     * Takes {@code t} out of whichever open scope on this thread owns it, for tensors that an object owns
     * rather than a scope: a module's parameters, an optimizer's state. Returns it.
     */
    public static <T extends Tensor> T unscoped(T t) {
        disown(t);
        return t;
    }

    /** Takes {@code t} out of whichever open scope on this thread owns it. */
    static void disown(Tensor t) {
        for (MemoryScope s = CURRENT.get(); s != null; s = s.parent) {
            if (s.owned.remove(t)) return;
        }
    }
}
