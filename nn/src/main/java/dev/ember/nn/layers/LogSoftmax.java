package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x - logsumexp(x)} along {@code dim}, as PyTorch's {@code nn.LogSoftmax}: the log of {@link Softmax},
 * computed without forming the softmax, so it stays finite for extreme logits. Pairs with the NLL loss.
 *
 * <pre>{@code
 * Tensor logProbabilities = new LogSoftmax(1).forward(logits);
 * }</pre>
 */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor x) {
        DimCheck.require(describe(), dim, x);
        return x.logSoftmax(dim);
    }

    public int dim() { return dim; }

    @Override
    protected String describe() { return "LogSoftmax(dim=" + dim + ")"; }
}
