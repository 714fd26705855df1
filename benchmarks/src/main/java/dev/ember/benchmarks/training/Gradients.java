package dev.ember.benchmarks.training;

import dev.ember.Tensor;

/** Clearing gradients between steps. */
public final class Gradients {
    private Gradients() {}

    /**
     * Closes and clears each tensor's gradient, as {@code zero_grad(set_to_none=True)} does in PyTorch.
     * Gradients belong to their tensor, not to a scope, so without the close they would stay counted in
     * {@code MemoryScope.liveBytes()} and a step would not be in steady state.
     */
    public static void clear(Iterable<Tensor> tensors) {
        for (Tensor t : tensors) {
            Tensor grad = t.grad();
            if (grad == null) continue;
            t.setGrad(null);
            grad.close();
        }
    }
}
