package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code e^-x / sum(e^-x)} along {@code dim}, as PyTorch's {@code nn.Softmin}: a softmax of {@code -x}, so the
 * smallest input gets the largest weight.
 *
 * <pre>{@code
 * Tensor weights = new Softmin(1).forward(distances);   // [N, K], rows sum to 1
 * }</pre>
 */
public final class Softmin extends Module {
    private final int dim;

    public Softmin(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) {
        DimCheck.require(describe(), dim, x);
        return x.softmin(dim);
    }

    public int dim() { return dim; }

    @Override
    protected String describe() { return "Softmin(dim=" + dim + ")"; }
}
