package dev.ember.nn.layers.recurrent;

import dev.ember.Autograd;
import dev.ember.CustomFunction;
import dev.ember.Tensor;

/**
 * Gives a layer's {@code W_hh} its gradient in one product over all time steps,
 * {@code dW_hh = sum_t G_t^T h_{t-1}}, a GEMM of {@code [gates * H, T * B] x [T * B, H]}, instead of one small
 * product per step (inner size the batch) and its accumulation, which took about a third of an LSTM's backward.
 * The steps multiply by a detached {@code W_hh}, so their products give only the gradient of {@code h}; the input
 * projection passes through {@link #attach} unchanged, and its gradient at step {@code t} is the gradient of the
 * step's gates {@code G_t}, the hidden projection's gradient too (for a GRU's {@code n} block times {@code r}, which
 * multiplies the hidden projection there). Each step {@link #record}s the {@code h} it was given. The backward's
 * ops are recorded under {@code createGraph} and use the live {@code h}s, so second derivatives stay right.
 */
final class HiddenWeightGradient {
    private final Cell cell;
    private final Tensor[] previous;
    private final Tensor[] reset;

    private HiddenWeightGradient(Cell cell, int steps) {
        this.cell = cell;
        this.previous = new Tensor[steps];
        this.reset = cell == Cell.GRU ? new Tensor[steps] : null;
    }

    /** Null when no gradient of {@code weightHh} is wanted (no grad mode, a frozen weight): the steps use it as is. */
    static HiddenWeightGradient wanted(Cell cell, int steps, Tensor weightHh) {
        return Autograd.isGradEnabled() && weightHh.requiresGrad() ? new HiddenWeightGradient(cell, steps) : null;
    }

    /** {@code projected [T, B, gates * H]} unchanged, with the node that hands {@code weightHh} its gradient. */
    Tensor attach(Tensor projected, Tensor weightHh) {
        return CustomFunction.of(cell.layerName() + "HiddenWeightGradient", (ctx, in) -> in[0], (ctx, g) -> new Tensor[] {
                g, ctx.needsInputGrad(1) ? weightGradient(g) : null}).apply(projected, weightHh);
    }

    /** Step {@code t} was run from {@code h} (and, for a GRU, gave reset gate {@code r}). */
    void record(int t, Tensor h, Tensor r) {
        previous[t] = h;
        if (reset != null) reset[t] = r;
    }

    private Tensor weightGradient(Tensor g) {
        int steps = g.size(0);
        int batch = g.size(1);
        int hidden = g.size(2) / cell.gates;
        Tensor h = stack(previous, g, hidden);   // steps skipped past every sequence's end have zero gradient
        Tensor gates = g;
        if (reset != null) {
            gates = Tensor.cat(-1, g.narrow(-1, 0, 2 * hidden), g.narrow(-1, 2 * hidden, hidden).mul(stack(reset, g, hidden)));
        }
        return gates.reshape(steps * batch, cell.gates * hidden).t().matmul(h.reshape(steps * batch, hidden));
    }

    private static Tensor stack(Tensor[] perStep, Tensor like, int hidden) {
        Tensor[] filled = perStep.clone();
        for (int t = 0; t < filled.length; t++) {
            if (filled[t] == null) filled[t] = Tensor.zeros(like.device(), like.dtype(), like.size(1), hidden);
        }
        return Tensor.stack(0, filled);
    }
}
