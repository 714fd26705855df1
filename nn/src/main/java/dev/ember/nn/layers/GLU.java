package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * Gated linear unit, as PyTorch's {@code nn.GLU} (default dim -1): the first half of {@code dim} times the sigmoid
 * of the second half, so {@code dim} must have even size and comes out halved.
 *
 * <pre>{@code
 * Tensor h = new GLU().forward(new Linear(64, 2 * 32).forward(x));   // [N, 32]
 * }</pre>
 */
public final class GLU extends Module {
    private final int dim;

    public GLU() { this(-1); }

    public GLU(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) {
        DimCheck.require(describe(), dim, x);
        return x.glu(dim);
    }

    public int dim() { return dim; }

    @Override
    protected String describe() { return "GLU(dim=" + dim + ")"; }
}
