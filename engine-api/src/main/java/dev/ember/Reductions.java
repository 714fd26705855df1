package dev.ember;

import dev.ember.backend.ReduceOp;

/**
 * Reductions over sets of dims, with their dtype and gradient rules. SUM, PROD, MAX, MIN and ARGMAX/ARGMIN are
 * kernels; mean, var, std, norm, logsumexp, softmax and logSoftmax are composites of ops and need no rule.
 */
final class Reductions {
    private Reductions() {}

    /**
     * Runs the kernel; the result keeps the reduced dims (size 1). {@code name} is the op the user called, for the
     * message when a reduction without an identity meets an empty dim.
     */
    private static Tensor kernel(String name, ReduceOp op, Tensor x, int[] dims, DType outType) {
        int[] outShape = x.shape();
        for (int d : dims) outShape[d] = 1;
        if (op != ReduceOp.SUM && op != ReduceOp.PROD) {
            for (int d : dims) {
                if (x.shape()[d] == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce over dim " + d
                            + " of size 0 (shape " + Shape.str(x.shape()) + ")");
                }
            }
        }
        Tensor out = Ops.empty(x, outType, outShape);
        x.backend().reduce(op, x.storage(), x.layout(), dims, out.storage(), out.layout());
        return out;
    }

    /** Removes the reduced dims unless {@code keepDim}; a view. */
    static Tensor dropDims(Tensor kept, int[] dims, boolean keepDim) {
        if (keepDim) return kept;
        int[] shape = kept.shape();
        int[] out = new int[shape.length - dims.length];
        for (int i = 0, k = 0, j = 0; i < shape.length; i++) {
            if (j < dims.length && dims[j] == i) j++;
            else out[k++] = shape[i];
        }
        return kept.reshape(out);
    }

    /** {@code g} (reduced over {@code dims}) broadcast back to {@code shape}. */
    private static Tensor expandBack(Tensor g, int[] dims, boolean keepDim, int[] shape) {
        Tensor kept = g;
        if (!keepDim) {
            int[] s = shape.clone();
            for (int d : dims) s[d] = 1;
            kept = g.reshape(s);
        }
        return kept.expand(shape);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        x = Autocast.cast("sum", x);
        int[] d = Shape.dims("sum", dims, x.rank());
        DType outType = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor kept = kernel("sum", ReduceOp.SUM, x, d, outType);
        Tensor out = dropDims(kept, d, keepDim);
        Ops.closeInternal(new Tensor[] {out}, kept);
        int[] inShape = x.shape();
        return Ops.record("sum", out, new Tensor[] {x},
                (g, needs) -> new Tensor[] {expandBack(g, d, keepDim, inShape)});
    }

    /** Sums {@code g} over the dims that broadcasting added or stretched, giving {@code shape}. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (java.util.Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        int count = 0;
        int[] dims = new int[gs.length];
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[count++] = i;
        }
        Tensor s = count == 0 ? g : sum(g, java.util.Arrays.copyOf(dims, count), true);
        return s.reshape(shape);
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        x = Autocast.cast("mean", x);
        int[] d = Shape.dims("mean", dims, x.rank());
        Tensor xf = x.to(DType.toFloating(x.dtype()));
        return sum(xf, d, keepDim).div(count(x.shape(), d));
    }

    private static double count(int[] shape, int[] dims) {
        double n = 1;
        for (int d : dims) n *= shape[d];
        return n;
    }

    static Tensor prod(Tensor x, int[] dims, boolean keepDim) {
        int[] d = Shape.dims("prod", dims, x.rank());
        DType outType = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor kept = kernel("prod", ReduceOp.PROD, x, d, outType);
        Tensor out = dropDims(kept, d, keepDim);
        if (!Ops.recording(x)) Ops.closeInternal(new Tensor[] {out}, kept);   // else saved for backward
        int[] inShape = x.shape();
        return Ops.record("prod", out, new Tensor[] {x}, new Tensor[] {x, kept}, (g, needs) -> {
            // d prod / dx_i is the product of the others: out / x_i when x_i != 0; with one zero in the slice,
            // the product of the non-zero elements at that zero; with more, nothing.
            Tensor isZero = x.eq(0.0);
            Tensor zeros = sum(isZero.to(x.dtype()), d, true);
            Tensor safe = Tensor.where(isZero, Tensor.onesLike(x), x);
            Tensor prodNonZero = prod(safe, d, true);
            Tensor atZero = Tensor.where(zeros.eq(1.0), prodNonZero, Tensor.zerosLike(prodNonZero));
            Tensor local = Tensor.where(isZero, atZero.expand(inShape), kept.div(safe));
            return new Tensor[] {expandBack(g, d, keepDim, inShape).mul(local)};
        });
    }

    static Tensor extreme(ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        return extreme(op == ReduceOp.MAX ? "amax" : "amin", op, x, dims, keepDim);
    }

    /** {@code name}: the op the user called ({@code max}, {@code amax}, {@code norm}), for messages. */
    static Tensor extreme(String name, ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        int[] d = Shape.dims(name, dims, x.rank());
        Tensor kept = kernel(name, op, x, d, x.dtype());
        Tensor out = dropDims(kept, d, keepDim);
        if (!Ops.recording(x)) Ops.closeInternal(new Tensor[] {out}, kept);   // else saved for backward
        int[] inShape = x.shape();
        return Ops.record(name, out, new Tensor[] {x}, new Tensor[] {x, kept}, (g, needs) -> {
            Tensor hits = x.eq(kept).to(g.dtype());
            Tensor share = hits.div(sum(hits, d, true));   // ties split evenly
            return new Tensor[] {expandBack(g, d, keepDim, inShape).mul(share)};
        });
    }

    static Tensor arg(ReduceOp op, Tensor x, int dim, boolean keepDim) { return arg(Elementwise.name(op), op, x, dim, keepDim); }

    /** On a 0-dim tensor dim -1 or 0 is its one element, at position 0, as in PyTorch. */
    private static Tensor arg(String name, ReduceOp op, Tensor x, int dim, boolean keepDim) {
        int dm = Shape.reductionDim(name, dim, x.rank());
        if (x.rank() == 0) return Ops.zeros(x, DType.INT64, new int[0]);
        int[] d = {dm};
        Tensor kept = kernel(name, op, x, d, DType.INT64);
        Tensor out = dropDims(kept, d, keepDim);
        Ops.closeInternal(new Tensor[] {out}, kept);
        return out;
    }

    /** Values through gather, so their gradient goes to the chosen positions. */
    static Tensor.ValuesAndIndices extremeWithIndices(ReduceOp argOp, Tensor x, int dim, boolean keepDim) {
        String name = argOp == ReduceOp.ARGMAX ? "max" : "min";
        int dm = Shape.reductionDim(name, dim, x.rank());
        if (x.rank() == 0) return new Tensor.ValuesAndIndices(x.reshape(), arg(name, argOp, x, dm, keepDim));
        Tensor idx = arg(name, argOp, x, dm, true);
        Tensor values = x.gather(dm, idx);
        Tensor v = dropDims(values, new int[] {dm}, keepDim);
        Tensor i = dropDims(idx, new int[] {dm}, keepDim);
        Ops.closeInternal(new Tensor[] {v}, values);
        if (!Ops.recording(x)) Ops.closeInternal(new Tensor[] {i}, idx);   // else gather saved it for backward
        return new Tensor.ValuesAndIndices(v, i);
    }

    static Tensor var(Tensor x, int[] dims, int correction, boolean keepDim) {
        int[] d = Shape.dims("var", dims, x.rank());
        Tensor xf = x.to(DType.toFloating(x.dtype()));
        Tensor centered = xf.sub(mean(xf, d, true));
        double n = count(x.shape(), d) - correction;
        return sum(centered.mul(centered), d, keepDim).div(Math.max(n, 0));
    }

    static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        if (!(p > 0)) throw new IllegalArgumentException("norm: p must be positive, got " + p);
        int[] d = Shape.dims("norm", dims, x.rank());
        Tensor a = x.to(DType.toFloating(x.dtype())).abs();
        if (p == Double.POSITIVE_INFINITY) return extreme("norm", ReduceOp.MAX, a, d, keepDim);
        if (p == 1) return sum(a, d, keepDim);
        if (p == 2) return sum(a.mul(a), d, keepDim).sqrt();
        return sum(a.pow(p), d, keepDim).pow(1.0 / p);
    }

    static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
        int[] d = Shape.dims("logsumexp", dims, x.rank());
        Tensor xf = x.to(DType.toFloating(x.dtype()));
        if (xf.numel() == 0) return sum(xf.exp(), d, keepDim).log();   // log(0) = -inf over an empty dim, as in PyTorch
        Tensor m;
        try (var s = Autograd.noGrad()) {
            Tensor max = extreme("logsumexp", ReduceOp.MAX, xf, d, true);
            m = Tensor.where(max.abs().lt(Double.POSITIVE_INFINITY), max, Tensor.zerosLike(max));  // all -inf rows
        }
        Tensor r = sum(xf.sub(m).exp(), d, true).log().add(m);
        return dropDims(r, d, keepDim);
    }

    static Tensor softmax(Tensor x, int dim) { return softmax("softmax", x, dim, false); }

    static Tensor logSoftmax(Tensor x, int dim) { return softmax("logSoftmax", x, dim, true); }

    /**
     * One kernel over rows: the softmax dim is moved last (a copy only when it is not already the contiguous
     * inner dim) and the result is viewed back. The gradients are written with tensor ops on the output:
     * {@code y (g - sum(g y))} for softmax, {@code g - exp(y) sum(g)} for log-softmax.
     */
    private static Tensor softmax(String op, Tensor x, int dim, boolean log) {
        x = Autocast.cast(op, x);
        int dm = Shape.reductionDim(op, dim, x.rank());
        Tensor xf = x.to(DType.toFloating(x.dtype()));
        int last = x.rank() - 1;
        Tensor moved = x.rank() == 0 ? xf.reshape(1) : xf.transpose(dm, last);
        Tensor rows = Ops.packed(moved);
        int length = rows.size(-1);
        Tensor out = Ops.empty(rows, rows.dtype(), rows.shape());
        if (rows.numel() > 0) {
            int count = Shape.dimOf(op, x.shape(), rows.numel() / length);
            rows.backend().softmax(rows.storage(), count, length, log, out.storage());
        }
        Tensor y = x.rank() == 0 ? out.reshape() : dm == last ? out : out.transpose(dm, last);
        // the caller gets only y: closing it must release the output, and no view of the input may hold x
        Ops.closeInternal(new Tensor[] {y, x, xf}, out, rows, moved);
        return Ops.record(op, y, new Tensor[] {xf}, new Tensor[] {y}, (g, needs) -> new Tensor[] {
            log ? g.sub(y.exp().mul(g.sum(new int[] {dm}, true))) : y.mul(g.sub(g.mul(y).sum(new int[] {dm}, true)))
        });
    }
}
