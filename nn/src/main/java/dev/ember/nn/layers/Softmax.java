package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code e^x / sum(e^x)} along {@code dim}, as PyTorch's {@code nn.Softmax}: each slice along {@code dim}
 * becomes a probability distribution. For training with cross-entropy feed logits to the loss instead; it
 * is more accurate.
 *
 * <pre>{@code
 * Tensor probabilities = new Softmax(1).forward(logits);   // [N, classes], rows sum to 1
 * }</pre>
 */
public final class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) {
        DimCheck.require(describe(), dim, x);
        return x.softmax(dim);
    }

    public int dim() { return dim; }

    @Override
    protected String describe() { return "Softmax(dim=" + dim + ")"; }
}
