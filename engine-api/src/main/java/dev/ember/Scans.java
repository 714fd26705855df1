package dev.ember;

import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;

/**
 * Scans along one dim and counting reductions, with their dtype and gradient rules. The five scans are one kernel,
 * {@link dev.ember.backend.Backend#scan}; everything else (all, any, countNonzero, varMean, stdMean, nansum, nanmean,
 * bincount, histc) is a composite of existing ops. A 0-dim tensor scans as one element along dim 0 or -1, as in
 * PyTorch.
 */
final class Scans {
    private Scans() {}

    // ---- scans ----

    /** The scanned dim, normalised; a 0-dim tensor takes 0 and -1. */
    private static int scanDim(String op, Tensor x, int dim) {
        return Shape.dim(op, dim, Math.max(1, x.rank()));
    }

    /** Runs the kernel: the values, and for cummax/cummin the int64 positions. */
    private static Tensor[] kernel(ScanOp op, Tensor x, int dim) {
        Tensor in = x.rank() == 0 ? x.reshape(1) : x;
        Tensor out = Ops.empty(in, in.dtype(), in.shape());
        Tensor indices = op.hasIndices() ? Ops.empty(in, DType.INT64, in.shape()) : null;
        if (in.numel() > 0) {
            in.backend().scan(op, in.storage(), in.layout(), dim, out.storage(), out.layout(),
                    indices == null ? null : indices.storage());
        }
        if (x.rank() == 0) return new Tensor[] {out.reshape(), indices == null ? null : indices.reshape()};
        return new Tensor[] {out, indices};
    }

    static Tensor cumsum(Tensor x, int dim) {
        int d = scanDim("cumsum", x, dim);
        Tensor in = x.dtype().isFloating() ? x : x.to(DType.INT64);
        Tensor out = kernel(ScanOp.CUMSUM, in, d)[0];
        return Ops.record("cumsum", out, new Tensor[] {in}, (g, needs) -> new Tensor[] {reverseCumsum(g, d)});
    }

    static Tensor cumprod(Tensor x, int dim) {
        int d = scanDim("cumprod", x, dim);
        Tensor in = x.dtype().isFloating() ? x : x.to(DType.INT64);
        Tensor out = kernel(ScanOp.CUMPROD, in, d)[0];
        return Ops.record("cumprod", out, new Tensor[] {in}, new Tensor[] {in, out},
                (g, needs) -> new Tensor[] {cumprodGradient(in, out, g, d)});
    }

    /**
     * {@code dx_k = sum_{i >= k} g_i prod_{j <= i, j != k} x_j}. Without zeros in x that is
     * {@code reverseCumsum(g * out) / x}. With zeros (PyTorch's {@code cumprod_backward}), per row with its first
     * zero at z: the same formula before z (the products from z on are 0 and drop out), at z
     * {@code reverseCumsum(g * cumprod(x with x_z = 1))}, and 0 after z (every product there holds x_z). That form
     * is exact but not differentiable at the zeros (after z it is a constant), so when the gradient is itself
     * recorded (createGraph) a row with zeros takes the O(n^2) definition written with ops instead.
     */
    private static Tensor cumprodGradient(Tensor x, Tensor out, Tensor g, int d) {
        if (x.rank() == 0 || x.size(d) <= 1) return g;
        Tensor isZero = x.eq(0.0);
        boolean anyZero;
        try (var s = Autograd.noGrad()) {
            anyZero = isZero.any().item() != 0;
        }
        if (!anyZero) return reverseCumsum(g.mul(out), d).div(x);
        if (GradMode.enabled()) return cumprodGradientByDefinition(x, g, d);
        Tensor one = Ops.scalarFor(x, 1.0, false);
        Tensor zerosSoFar = cumsum(isZero, d);
        Tensor beforeZero = zerosSoFar.eq(0.0);
        Tensor firstZero = isZero.logicalAnd(zerosSoFar.eq(1.0));
        Tensor before = reverseCumsum(g.mul(out), d).div(Tensor.where(isZero, one, x));
        Tensor atZero = reverseCumsum(g.mul(cumprod(Tensor.where(firstZero, one, x), d)), d);
        return Tensor.where(beforeZero, before, Tensor.where(firstZero, atZero, Tensor.zerosLike(atZero)));
    }

    /**
     * The definition, with the scanned dim moved last: for each k, the cumulative product of x with x_k set to 1
     * ({@code [..., k, i]}), times g_i, summed over {@code i >= k}. O(n^2) memory per row; differentiable everywhere.
     */
    private static Tensor cumprodGradientByDefinition(Tensor x, Tensor g, int d) {
        int last = x.rank() - 1;
        int n = x.size(d);
        Tensor xt = x.transpose(d, last).unsqueeze(-2);                    // [..., 1, n]
        int[] square = xt.shape();
        square[square.length - 2] = n;
        Tensor rowsOf = Tensor.arange(n).to(x.device()).unsqueeze(1);      // k
        Tensor colsOf = Tensor.arange(n).to(x.device()).unsqueeze(0);      // i or j
        Tensor skipped = Tensor.where(rowsOf.eq(colsOf), Ops.scalarFor(x, 1.0, false), xt.expand(square));
        Tensor products = cumprod(skipped, -1);                            // [..., k, i]
        Tensor terms = g.transpose(d, last).unsqueeze(-2).mul(products);
        Tensor upper = colsOf.ge(rowsOf);                                  // i >= k
        Tensor dx = Tensor.where(upper, terms, Tensor.zerosLike(terms)).sum(-1);
        return dx.transpose(d, last);
    }

    static Tensor.ValuesAndIndices cummax(Tensor x, int dim) { return cumExtreme(ScanOp.CUMMAX, x, dim); }

    static Tensor.ValuesAndIndices cummin(Tensor x, int dim) { return cumExtreme(ScanOp.CUMMIN, x, dim); }

    private static Tensor.ValuesAndIndices cumExtreme(ScanOp op, Tensor x, int dim) {
        String name = op == ScanOp.CUMMAX ? "cummax" : "cummin";
        int d = scanDim(name, x, dim);
        Tensor[] r = kernel(op, x, d);
        Tensor indices = r[1];
        int[] shape = x.shape();
        Tensor values = Ops.record(name, r[0], new Tensor[] {x}, new Tensor[] {indices}, (g, needs) -> new Tensor[] {
            x.rank() == 0 ? g : Indexing.scatterAddIntoZeros(shape, d, indices, g)
        });
        return new Tensor.ValuesAndIndices(values, indices);
    }

    static Tensor logcumsumexp(Tensor x, int dim) {
        int d = scanDim("logcumsumexp", x, dim);
        Ops.requireFloating("logcumsumexp", x);
        Tensor out = kernel(ScanOp.LOGCUMSUMEXP, x, d)[0];
        return Ops.record("logcumsumexp", out, new Tensor[] {x}, new Tensor[] {x, out},
                (g, needs) -> new Tensor[] {logcumsumexpGradient(x, out, g, d)});
    }

    /**
     * {@code dx_k = sum_{i >= k} g_i exp(x_k - out_i)}, PyTorch's form: the positive and the negative parts of g
     * each summed in log space by a reversed logcumsumexp, so that nothing overflows.
     */
    private static Tensor logcumsumexpGradient(Tensor x, Tensor out, Tensor g, int d) {
        double lowest = -g.dtype().maxFinite();
        Tensor floor = Ops.scalarFor(g, lowest, false);
        Tensor logAbs = g.abs().log();
        Tensor logPositive = Tensor.where(g.gt(0.0), logAbs, floor);
        Tensor logNegative = Tensor.where(g.lt(0.0), logAbs, floor);
        Tensor positive = flip(logcumsumexp(flip(logPositive.sub(out), d), d), d).add(x).exp();
        Tensor negative = flip(logcumsumexp(flip(logNegative.sub(out), d), d), d).add(x).exp();
        return positive.sub(negative);
    }

    /** {@code out_k = sum_{i >= k} g_i}: cumsum's gradient. */
    private static Tensor reverseCumsum(Tensor g, int d) {
        return flip(cumsum(flip(g, d), d), d);
    }

    /** {@code t} reversed along {@code d}, by a gather (differentiable; its indices need no range check). */
    private static Tensor flip(Tensor t, int d) {
        if (t.rank() == 0 || t.size(d) <= 1) return t;
        int n = t.size(d);
        int[] line = new int[t.rank()];
        java.util.Arrays.fill(line, 1);
        line[d] = n;
        Tensor reversed = Tensor.arange(n - 1, -1, -1).to(t.device()).reshape(line).expand(t.shape());
        return Indexing.gather(t, d, reversed, false);
    }

    // ---- counting reductions ----

    /** The dims a reduction over {@code dims} covers (all when empty), on a 0-dim tensor seen as one element. */
    private static int[] reducedDims(String op, Tensor x, int[] dims) {
        return Shape.dims(op, dims, Math.max(1, x.rank()));
    }

    /** A 0-dim tensor as a 1-element one, so that dim 0 exists; the result is made 0-dim again by {@link #back}. */
    private static Tensor atLeast1d(Tensor x) { return x.rank() == 0 ? x.reshape(1) : x; }

    private static Tensor back(Tensor x, Tensor r) { return x.rank() == 0 ? r.reshape() : r; }

    /** All elements non-zero (NaN counts as non-zero), as bool; true over an empty dim. */
    static Tensor all(Tensor x, int[] dims, boolean keepDim) { return logical("all", ReduceOp.MIN, x, dims, keepDim); }

    /** Some element non-zero, as bool; false over an empty dim. */
    static Tensor any(Tensor x, int[] dims, boolean keepDim) { return logical("any", ReduceOp.MAX, x, dims, keepDim); }

    private static Tensor logical(String op, ReduceOp extreme, Tensor x, int[] dims, boolean keepDim) {
        int[] d = reducedDims(op, x, dims);
        Tensor b = atLeast1d(x).to(DType.BOOL);
        int count = 1;
        for (int dim : d) count *= b.size(dim);
        if (count > 0) return back(x, Reductions.extreme(extreme, b, d, keepDim));
        int[] kept = b.shape();
        for (int dim : d) kept[dim] = 1;
        Tensor empty = Tensor.full(x.device(), DType.BOOL, extreme == ReduceOp.MIN ? 1 : 0, kept);
        return keepDim ? empty : Reductions.dropDims(empty, d, false);
    }

    /** The number of non-zero elements over {@code dims} (all when empty), int64; NaN counts. */
    static Tensor countNonzero(Tensor x, int[] dims) {
        int[] d = reducedDims("countNonzero", x, dims);
        return back(x, atLeast1d(x).to(DType.BOOL).sum(d, false));
    }

    static Tensor.VarMean varMean(Tensor x, int[] dims, int correction, boolean keepDim) {
        Ops.requireFloating("varMean", x);
        int[] d = reducedDims("varMean", x, dims);
        Tensor x1 = atLeast1d(x);
        return new Tensor.VarMean(back(x, Reductions.var(x1, d, correction, keepDim)),
                back(x, Reductions.mean(x1, d, keepDim)));
    }

    static Tensor.StdMean stdMean(Tensor x, int[] dims, int correction, boolean keepDim) {
        Ops.requireFloating("stdMean", x);
        Tensor.VarMean vm = varMean(x, dims, correction, keepDim);
        return new Tensor.StdMean(vm.var().sqrt(), vm.mean());
    }

    /** The sum with NaN taken as 0; integers and bool sum to int64 as {@link Tensor#sum()} does. */
    static Tensor nansum(Tensor x, int[] dims, boolean keepDim) {
        int[] d = reducedDims("nansum", x, dims);
        Tensor x1 = atLeast1d(x);
        Tensor clean = x1.dtype().isFloating() ? Tensor.where(x1.ne(x1), Tensor.zerosLike(x1), x1) : x1;
        return back(x, Reductions.sum(clean, d, keepDim));
    }

    /** The mean of the elements that are not NaN; NaN where all are. Float inputs only, as in PyTorch. */
    static Tensor nanmean(Tensor x, int[] dims, boolean keepDim) {
        Ops.requireFloating("nanmean", x);
        int[] d = reducedDims("nanmean", x, dims);
        Tensor x1 = atLeast1d(x);
        Tensor count = Reductions.sum(x1.eq(x1), d, keepDim);
        return back(x, nansum(x1, d, keepDim).div(count.to(x.dtype())));
    }

    // ---- counting values ----

    /**
     * Occurrences of each value {@code 0..max(x)} (and at least {@code minlength} bins), or the sum of
     * {@code weights} per value: {@code zeros(len).scatterAdd(0, x, weights)}. Reads x on the host for its range.
     */
    static Tensor bincount(Tensor x, Tensor weights, int minlength) {
        if (x.rank() != 1 || !x.dtype().isInteger()) {
            throw new IllegalArgumentException("bincount: expected a 1-D tensor of non-negative int32 or int64 values, got "
                    + x.dtype() + " of shape " + Shape.str(x.shape()));
        }
        if (minlength < 0) throw new IllegalArgumentException("bincount: minlength should be >= 0, got " + minlength);
        if (weights != null) {
            Ops.sameDevice("bincount", x, weights);
            if (weights.rank() != 1 || weights.size(0) != x.size(0)) {
                throw new IllegalArgumentException("bincount: weights should be 1-D and as long as the input: weights "
                        + Shape.str(weights.shape()) + ", input " + Shape.str(x.shape()));
            }
        }
        long max = -1;
        for (long v : x.toLongArray()) {
            if (v < 0) throw new IllegalArgumentException("bincount: the input holds the negative value " + v
                    + "; only non-negative values can be counted");
            max = Math.max(max, v);
        }
        if (max >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bincount: the largest value " + max + " needs more bins than a tensor can hold");
        }
        int length = Math.max((int) max + 1, minlength);
        DType outType = weights == null ? DType.INT64 : weights.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor src = weights == null ? Tensor.ones(x.device(), DType.INT64, x.shape()) : weights.to(outType);
        if (x.numel() == 0) return Tensor.zeros(x.device(), outType, length);
        return Indexing.scatterAddIntoZeros(new int[] {length}, 0, x.to(DType.INT64), src);
    }

    /**
     * A histogram of {@code bins} equal bins over {@code [min, max]} of all elements, in x's dtype, as PyTorch's
     * histc: an element's bin is {@code (int64) ((x - min) * bins / (max - min))} computed in x's dtype, {@code max}
     * itself goes in the last bin, elements outside {@code [min, max]} and NaN are left out; {@code min == max} takes
     * the data's range (widened by 1 each way if that is one value too). Not differentiable.
     */
    static Tensor histc(Tensor x, int bins, double min, double max) {
        Ops.requireFloating("histc", x);
        if (bins <= 0) throw new IllegalArgumentException("histc: bins must be > 0, got " + bins);
        double lo = min, hi = max;
        try (var s = Autograd.noGrad()) {
            Tensor flat = x.detach().reshape(-1);
            if (lo == hi && flat.numel() > 0) {
                lo = flat.min().item();
                hi = flat.max().item();
            }
            if (lo == hi) {
                lo -= 1;
                hi += 1;
            }
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("histc: range of [" + lo + ", " + hi + "] is not finite");
            }
            if (!(lo < hi)) throw new IllegalArgumentException("histc: max must be larger than min, got min " + lo + ", max " + hi);
            if (flat.numel() == 0) return Tensor.zeros(x.device(), x.dtype(), bins);
            // the edges and their difference in x's dtype, as PyTorch computes them
            double width = x.dtype() == DType.FLOAT32 ? (double) ((float) hi - (float) lo) : hi - lo;
            Tensor inRange = flat.ge(lo).logicalAnd(flat.le(hi));
            Tensor bin = flat.sub(lo).mul((double) bins).div(width).to(DType.INT64);
            Tensor lastBin = Tensor.full(x.device(), DType.INT64, bins - 1, new int[0]);
            bin = Tensor.where(inRange, bin.minimum(lastBin), Tensor.zerosLike(bin));
            return Indexing.scatterAddIntoZeros(new int[] {bins}, 0, bin, inRange.to(x.dtype()));
        }
    }
}
