package dev.ember.nn;

import dev.ember.Tensor;

/** Releasing parameters' gradients. */
public final class Gradients {
    private Gradients() {}

    /**
     * Drops and closes each tensor's gradient. Gradients belong to their tensor, not to a memory scope, so
     * without the close their memory would wait for the garbage collector (and, on a GPU, stay in use).
     */
    public static void release(Iterable<Tensor> tensors) {
        for (Tensor t : tensors) {
            Tensor grad = t.grad();
            if (grad == null) continue;
            t.zeroGrad();
            grad.close();
        }
    }
}
