package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Gradient clipping between {@code backward} and the optimizer's step, in place on each parameter's
 * {@code grad()}; parameters without a gradient are skipped.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.byNorm(model.parameters(), 1.0);   // PyTorch's clip_grad_norm_
 * opt.step();
 * }</pre>
 */
public final class GradClip {
    private GradClip() {}

    /** Clamps every gradient element to {@code [-clip, clip]}: PyTorch's {@code clip_grad_value_}. */
    public static void byValue(Collection<Tensor> parameters, double clip) {
        Hyperparameters.nonNegative("GradClip.byValue", "clip", clip);
        try (var noGrad = Autograd.noGrad()) {
            for (Tensor p : parameters) if (p.grad() != null) p.grad().clampInPlace(-clip, clip);
        }
    }

    /** {@link #byNorm(Collection, double, double)} with the 2-norm. */
    public static double byNorm(Collection<Tensor> parameters, double maxNorm) { return byNorm(parameters, maxNorm, 2); }

    /**
     * Scales all gradients together so that their total {@code normType}-norm (the norm of all their elements
     * as one vector; {@code Double.POSITIVE_INFINITY} for the max norm) is at most {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_}: by {@code maxNorm / (total + 1e-6)} when that is below 1. Returns the total norm
     * before clipping, which a caller can check for infinity or NaN.
     */
    public static double byNorm(Collection<Tensor> parameters, double maxNorm, double normType) {
        Hyperparameters.nonNegative("GradClip.byNorm", "maxNorm", maxNorm);
        if (!(normType > 0)) throw new IllegalArgumentException("GradClip.byNorm: normType must be > 0, got " + normType);
        double total;
        try (var noGrad = Autograd.noGrad(); MemoryScope temporaries = MemoryScope.open()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor p : parameters) if (p.grad() != null) norms.add(p.grad().norm(normType).to(DType.FLOAT64));
            if (norms.isEmpty()) return 0;
            // the norm of the per-tensor norms is the norm of all elements together; one read back, not one per tensor
            total = Tensor.stack(0, norms).norm(normType).item();
            double coefficient = maxNorm / (total + 1e-6);
            if (coefficient < 1) {
                for (Tensor p : parameters) if (p.grad() != null) p.grad().mulInPlace(coefficient);
            }
        }
        return total;
    }
}
