package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.functional.F;

/**
 * Cosine similarity of two inputs along {@code dim} (default 1), each norm at least {@code eps} (default 1e-8),
 * as PyTorch's {@code nn.CosineSimilarity}. It takes two inputs, so it is not a one-input {@code Module}; it has
 * no parameters.
 *
 * <pre>{@code
 * Tensor sim = new CosineSimilarity().forward(queries, keys);   // [N, D], [N, D] -> [N]
 * }</pre>
 */
public final class CosineSimilarity {
    private final int dim;
    private final double eps;

    public CosineSimilarity() { this(1, 1e-8); }

    public CosineSimilarity(int dim, double eps) {
        if (!(eps > 0)) throw new IllegalArgumentException("CosineSimilarity: eps must be > 0, got " + eps);
        this.dim = dim;
        this.eps = eps;
    }

    public Tensor forward(Tensor x1, Tensor x2) { return F.cosineSimilarity(x1, x2, dim, eps); }

    @Override
    public String toString() { return "CosineSimilarity(dim=" + dim + ", eps=" + eps + ")"; }
}
