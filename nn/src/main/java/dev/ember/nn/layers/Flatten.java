package dev.ember.nn.layers;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * Merges dims {@code startDim..endDim} into one, as PyTorch's {@code nn.Flatten} (defaults 1 and -1: every dim
 * but the batch), e.g. between the convolutional and dense parts of a network. A view where the layout allows.
 *
 * <pre>{@code
 * Tensor flat = new Flatten().forward(features);   // [N, 64, 7, 7] -> [N, 3136]
 * }</pre>
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() { this(1, -1); }

    /** Dims may be negative, counting from the end. */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        DimCheck.require(describe(), startDim, x);
        DimCheck.require(describe(), endDim, x);
        int start = startDim < 0 ? startDim + x.rank() : startDim;
        int end = endDim < 0 ? endDim + x.rank() : endDim;
        if (start > end) {
            throw new IllegalArgumentException(describe() + ": startDim comes after endDim for input of shape "
                    + Shape.str(x.shape()));
        }
        return x.flatten(start, end);
    }

    @Override
    protected String describe() { return "Flatten(startDim=" + startDim + ", endDim=" + endDim + ")"; }
}
