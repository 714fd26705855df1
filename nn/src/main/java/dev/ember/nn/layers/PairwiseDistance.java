package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * The p-norm of {@code x1 - x2 + eps} over the last dim, as PyTorch's {@code nn.PairwiseDistance} (defaults
 * p 2, eps 1e-6, keepDim false). It takes two inputs, so it is not a one-input {@code Module}; it has no
 * parameters.
 *
 * <pre>{@code
 * Tensor d = new PairwiseDistance().forward(a, b);   // [N, D], [N, D] -> [N]
 * }</pre>
 */
public final class PairwiseDistance {
    private final double p;
    private final double eps;
    private final boolean keepDim;

    public PairwiseDistance() { this(2, 1e-6, false); }

    public PairwiseDistance(double p, double eps, boolean keepDim) {
        if (!(p >= 0)) throw new IllegalArgumentException("PairwiseDistance: p must be >= 0, got " + p);
        this.p = p;
        this.eps = eps;
        this.keepDim = keepDim;
    }

    public Tensor forward(Tensor x1, Tensor x2) { return F.pairwiseDistance(x1, x2, p, eps, keepDim); }

    @Override
    public String toString() { return "PairwiseDistance(p=" + p + ", eps=" + eps + (keepDim ? ", keepDim=true" : "") + ")"; }
}
