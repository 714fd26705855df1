package dev.ember;

import dev.ember.Tensor.ValuesAndIndices;

import java.util.Arrays;

/**
 * Sorting and selection. One backend kernel, a stable sort along a dim, carries them all: topk and kthvalue are
 * slices of a sort, median a gather from it, mode and unique find the runs of equal elements in it with
 * comparisons. Values are always the sort's values (or gathers and slices of them), so one gradient rule, the
 * sort's, sends each value's gradient back to where the value came from, as PyTorch's gradients of these ops do.
 * Order: NaN is larger than every number, -0.0 equals 0.0, false comes before true, as in PyTorch's sort; ties
 * keep their order (PyTorch's {@code stable=True}), which a {@code stable=false} caller may get too.
 */
final class Sorting {
    private Sorting() {}

    static ValuesAndIndices sort(Tensor x, int dim, boolean descending) {
        if (x.rank() == 0) {
            Shape.dim("sort", dim, 1);
            ValuesAndIndices r = sort(x.reshape(1), 0, descending);
            return new ValuesAndIndices(r.values().reshape(), r.indices().reshape());
        }
        int d = Shape.dim("sort", dim, x.rank());
        Tensor values = Ops.empty(x, x.dtype(), x.shape());
        Tensor indices = Ops.empty(x, DType.INT64, x.shape());
        if (x.numel() > 0) {
            x.backend().sort(x.storage(), x.layout(), d, descending, values.storage(), indices.storage());
        }
        int[] inShape = x.shape();
        Ops.record("sort", values, new Tensor[] {x}, new Tensor[] {indices},
                (g, needs) -> new Tensor[] {Indexing.scatterAddIntoZeros(inShape, d, indices, g)});
        return new ValuesAndIndices(values, indices);
    }

    static Tensor argsort(Tensor x, int dim, boolean descending) {
        try (var s = Autograd.noGrad()) {
            return sort(x, dim, descending).indices();
        }
    }

    static ValuesAndIndices topk(Tensor x, int k, int dim, boolean largest) {
        refuseBool("topk", x);
        int d = Shape.dim("topk", dim, Math.max(x.rank(), 1));
        int size = x.rank() == 0 ? 1 : x.size(d);
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("topk: k = " + k + " is out of range for dim " + dim + " of size " + size
                    + " (shape " + Shape.str(x.shape()) + ")");
        }
        ValuesAndIndices s = sort(x, d, largest);
        if (x.rank() == 0) return s;
        return new ValuesAndIndices(s.values().narrow(d, 0, k), s.indices().narrow(d, 0, k));
    }

    static ValuesAndIndices kthvalue(Tensor x, int k, int dim, boolean keepDim) {
        refuseBool("kthvalue", x);
        int d = Shape.dim("kthvalue", dim, Math.max(x.rank(), 1));
        int size = x.rank() == 0 ? 1 : x.size(d);
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("kthvalue: k = " + k + " is out of range for dim " + dim + " of size "
                    + size + " (shape " + Shape.str(x.shape()) + "); k counts from 1");
        }
        if (x.rank() == 0) return sort(x, 0, false);
        ValuesAndIndices s = sort(x, d, false);
        return picked(s.values().narrow(d, k - 1, 1), s.indices().narrow(d, k - 1, 1), d, keepDim);
    }

    /**
     * The lower median of all elements; NaN when there is a NaN, or no element (float). Its gradient is PyTorch's:
     * shared evenly by the elements equal to it, not sent to one of them as {@link #median(Tensor, int, boolean)}'s.
     */
    static Tensor median(Tensor x) {
        refuseBool("median", x);
        if (x.numel() == 0) {
            if (!x.dtype().isFloating()) {
                throw new IllegalArgumentException("median: an empty " + x.dtype() + " tensor has no median");
            }
            return Tensor.full(x.device(), x.dtype(), Double.NaN);
        }
        Tensor m;
        try (var g = Autograd.noGrad()) {
            m = median(x.reshape(-1), 0, false).values();
        }
        // as PyTorch's median() (and max()): the gradient is split evenly among the elements equal to the median,
        // or among the NaN when it is NaN
        return Ops.record("median", m, new Tensor[] {x}, new Tensor[] {x, m}, (g, needs) -> {
            Tensor hits = x.eq(m).logicalOr(x.ne(x).logicalAnd(m.ne(m))).to(g.dtype());
            return new Tensor[] {g.mul(hits.div(hits.sum()))};
        });
    }

    /**
     * The lower median along {@code dim} ({@code (n - 1) / 2} of the sorted line), or, where the line holds NaN, its
     * first NaN: the sort puts NaN last and keeps them in order, so the first is at {@code n - nanCount}.
     */
    static ValuesAndIndices median(Tensor x, int dim, boolean keepDim) {
        refuseBool("median", x);
        int d = Shape.dim("median", dim, Math.max(x.rank(), 1));
        if (x.rank() == 0) return sort(x, 0, false);
        int n = nonEmpty("median", x, d);
        ValuesAndIndices s = sort(x, d, false);
        if (!x.dtype().isFloating()) {
            return picked(s.values().narrow(d, (n - 1) / 2, 1), s.indices().narrow(d, (n - 1) / 2, 1), d, keepDim);
        }
        Tensor position;
        try (var g = Autograd.noGrad()) {
            Tensor nans = x.ne(x).sum(d, true);
            position = Tensor.where(nans.gt(index(x, 0)), index(x, n).sub(nans), index(x, (n - 1) / 2));
        }
        return picked(s.values().gather(d, position), s.indices().gather(d, position), d, keepDim);
    }

    /**
     * The most frequent value along {@code dim}: of several equally frequent, the smallest; its index is its last
     * occurrence (PyTorch's CPU rule). In the sorted line the runs of equal values are found by comparing
     * neighbours; each run's last position goes through a second sort (the other positions sort after them as
     * {@code n}), which lines the run ends up so that neighbouring ends give the run lengths. NaN equals nothing, so
     * each NaN is a run of one.
     */
    static ValuesAndIndices mode(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("mode", dim, Math.max(x.rank(), 1));
        if (x.rank() == 0) return sort(x, 0, false);
        int n = nonEmpty("mode", x, d);
        ValuesAndIndices s = sort(x, d, false);
        Tensor end;
        try (var g = Autograd.noGrad()) {
            Tensor runEnds = lastOfRuns(s.values(), d, n);
            Tensor ends = sort(Tensor.where(runEnds, positions(x, x.rank(), d, n), index(x, n)), d, false).values();
            Tensor previous = Tensor.cat(d, Tensor.full(x.device(), DType.INT64, -1, sizeOne(ends, d)), ends.narrow(d, 0, n - 1));
            Tensor lengths = Tensor.where(ends.lt(index(x, n)), ends.sub(previous), index(x, 0));
            end = ends.gather(d, lengths.argmax(d, true));
        }
        return picked(s.values().gather(d, end), s.indices().gather(d, end), d, keepDim);
    }

    /**
     * The distinct elements of the flattened tensor in ascending order, with, when asked, each element's position in
     * them (the tensor's shape) and how often each occurs. No gradient: the values do not require grad.
     */
    static Tensor.Unique unique(Tensor x, boolean returnInverse, boolean returnCounts) {
        try (var g = Autograd.noGrad()) {
            Tensor flat = x.reshape(-1);
            int n = flat.size(0);
            if (n == 0) {
                Tensor none = Tensor.zeros(x.device(), DType.INT64, 0);
                return new Tensor.Unique(flat.copy(), returnInverse ? Tensor.zeros(x.device(), DType.INT64, x.shape()) : null,
                        returnCounts ? none : null);
            }
            ValuesAndIndices s = sort(flat, 0, false);
            Tensor sorted = s.values();
            Tensor yes = Tensor.ones(x.device(), DType.BOOL, 1);
            Tensor firsts = n == 1 ? yes : Tensor.cat(0, yes, sorted.narrow(0, 1, n - 1).ne(sorted.narrow(0, 0, n - 1)));
            Tensor values = sorted.maskedSelect(firsts);
            Tensor all = positions(x, 1, 0, n);
            Tensor ends = all.maskedSelect(lastOfRuns(sorted, 0, n));
            int m = ends.size(0);
            Tensor counts = null, inverse = null;
            if (returnCounts) {
                counts = ends.sub(Tensor.cat(0, Tensor.full(x.device(), DType.INT64, -1, 1), ends.narrow(0, 0, m - 1)));
            }
            if (returnInverse) {
                // the run of sorted position k is the number of run ends before k: sort the positions (keys 2k) among
                // the ends (keys 2e + 1, after a position equal to e); the positions before k's key are k of them
                Tensor keys = Tensor.cat(0, all.mul(2L), ends.mul(2L).add(1L));
                Tensor order = sort(keys, 0, false).indices();
                Tensor rankOf = Tensor.zeros(x.device(), DType.INT64, n + m).scatter(0, order, positions(x, 1, 0, n + m));
                Tensor run = rankOf.narrow(0, 0, n).sub(all);
                inverse = Tensor.zeros(x.device(), DType.INT64, n).scatter(0, s.indices(), run).reshape(x.shape());
            }
            return new Tensor.Unique(values, inverse, counts);
        }
    }

    /** Bool: true at each position of sorted {@code s} along {@code d} that ends a run of equal elements. */
    private static Tensor lastOfRuns(Tensor s, int d, int n) {
        Tensor last = Tensor.ones(s.device(), DType.BOOL, sizeOne(s, d));
        if (n == 1) return last;
        return Tensor.cat(d, s.narrow(d, 0, n - 1).ne(s.narrow(d, 1, n - 1)), last);
    }

    /** {@code 0, 1, ..., n-1} (int64, on {@code like}'s device) along dim {@code d} of {@code rank} dims, size 1 in the others. */
    private static Tensor positions(Tensor like, int rank, int d, int n) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[d] = n;
        return Tensor.arange(n).to(like.device()).reshape(shape);
    }

    /** A 0-dim int64 {@code value} on {@code like}'s device: positions compare and subtract in int64, exactly. */
    private static Tensor index(Tensor like, long value) { return Tensor.full(like.device(), DType.INT64, value); }

    /** {@code t}'s shape with size 1 in dim {@code d}. */
    private static int[] sizeOne(Tensor t, int d) {
        int[] shape = t.shape();
        shape[d] = 1;
        return shape;
    }

    /** Values and indices of size 1 along {@code d}, that dim dropped unless {@code keepDim}. */
    private static ValuesAndIndices picked(Tensor values, Tensor indices, int d, boolean keepDim) {
        if (keepDim) return new ValuesAndIndices(values, indices);
        return new ValuesAndIndices(values.squeeze(d), indices.squeeze(d));
    }

    private static int nonEmpty(String op, Tensor x, int d) {
        int n = x.size(d);
        if (n == 0) {
            throw new IndexOutOfBoundsException(op + ": dim " + d + " of shape " + Shape.str(x.shape())
                    + " is empty; it needs at least one element");
        }
        return n;
    }

    private static void refuseBool(String op, Tensor x) {
        if (x.dtype().isBool()) {
            throw new IllegalArgumentException(op + ": bool tensors are not supported (as in PyTorch); convert with to(DType.INT64)");
        }
    }
}
