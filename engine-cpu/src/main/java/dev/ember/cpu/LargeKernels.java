package dev.ember.cpu;

import dev.ember.backend.Layout;
import dev.ember.backend.Storage;

/**
 * The CPU kernels that take operands beyond the int range: a {@link CpuLargeStorage}, or a view over any storage
 * whose element count or storage indices pass {@link Integer#MAX_VALUE} (an {@code expand}). Fill, copy (which casts,
 * and so serves {@code contiguous}, {@code clone}, {@code to} and reading elements) and sum. They walk their layouts
 * with {@code long} indices, in runs of at most {@link #RUN} elements along the innermost (merged) dim, through
 * {@link Cells}, with the conversions of the int-indexed kernels ({@link RowIO}). Every other CPU kernel refuses such
 * an operand ({@link SizeLimits}).
 */
final class LargeKernels {
    /** Elements per run: a run's scratch buffer stays small (64 KB as longs) and runs are many enough to share out. */
    static final int RUN = 1 << 13;

    /** Fixed pieces a sum with few outputs is split into, whatever the thread count: the result never depends on it. */
    private static final int SUM_PIECES = 64;

    private LargeKernels() {}

    /** True when {@code s} with {@code l} is beyond what the int-indexed kernels address. */
    static boolean needed(Storage s, Layout l) { return s instanceof CpuLargeStorage || !l.fitsInt(); }

    static void fill(Storage dst, Layout l, double value) {
        Cells cells = Cells.of(dst);
        Runs runs = new Runs(l);
        inParallel(runs, (from, to) -> {
            for (long r = from; r < to; r++) cells.fill(runs.start(0, r), runs.innerStride(0), runs.length(r), value);
        });
    }

    /** Copies {@code src} into {@code dst} (one shape), converting as the int-indexed copy does; exact within a dtype. */
    static void copy(Storage src, Layout sl, Storage dst, Layout dl) {
        Cells from = Cells.of(src), into = Cells.of(dst);
        Runs runs = new Runs(sl, dl);
        boolean same = src.dtype() == dst.dtype();
        boolean floating = src.dtype().isFloating() || dst.dtype().isFloating();
        inParallel(runs, (first, end) -> {
            long[] bits = floating && !same ? null : new long[RUN];
            double[] values = floating && !same ? new double[RUN] : null;
            for (long r = first; r < end; r++) {
                int n = runs.length(r);
                long s = runs.start(0, r), ss = runs.innerStride(0), d = runs.start(1, r), ds = runs.innerStride(1);
                if (same) {
                    from.loadBits(s, ss, n, bits);
                    into.storeBits(bits, n, d, ds);
                } else if (floating) {
                    from.load(s, ss, n, values);
                    into.store(values, n, d, ds);
                } else {
                    from.load(s, ss, n, bits);
                    into.store(bits, n, d, ds);
                }
            }
        });
    }

    /** The elements of {@code l} in row-major order as a new Java array, which holds at most {@link CpuLargeStorage#MAX_ARRAY}. */
    static Object toArray(Storage s, Layout l) {
        long n = l.numel();
        if (n > CpuLargeStorage.MAX_ARRAY) {
            throw new IllegalArgumentException("toArray: tensor of shape " + dev.ember.Shape.str(l.shape()) + " has " + n
                    + " elements; a Java array holds at most " + CpuLargeStorage.MAX_ARRAY + " (slice it first)");
        }
        CpuStorage out = CpuStorage.allocate(s.dtype(), (int) n);
        copy(s, l, out, Layout.contiguous(l.shape()));
        return out.array;
    }

    /**
     * SUM of {@code x} over {@code dims} into contiguous {@code out} (x's rank, size 1 in the reduced dims), accumulating
     * as the int-indexed sum does: floats in double, integers and bool in int64 (wrapping). The outputs must fit a Java
     * array of accumulators; with few of them the elements are summed in {@link #SUM_PIECES} fixed pieces, combined in
     * order, so the result does not depend on the thread count.
     */
    static void sum(Storage x, Layout xl, int[] dims, Storage out, Layout ol) {
        long outputs = ol.numel();
        if (outputs > CpuLargeStorage.MAX_ARRAY) {
            throw new IllegalArgumentException("sum: output of shape " + dev.ember.Shape.str(ol.shape()) + " has " + outputs
                    + " elements; the CPU sum of a tensor this large keeps at most " + CpuLargeStorage.MAX_ARRAY + " outputs");
        }
        int m = (int) outputs;
        Cells in = Cells.of(x);
        // the output seen in x's shape: stride 0 along the reduced dims, so element i of a run adds into acc[o + i * os]
        Layout spread = new Layout(xl.shape(), Layout.contiguous(ol.shape()).broadcastTo(xl.shape()).strides(), 0);
        Runs runs = new Runs(xl, spread);
        boolean floating = x.dtype().isFloating();
        int pieces = (long) m * SUM_PIECES <= (1 << 16) && runs.count() >= SUM_PIECES ? SUM_PIECES : 1;
        double[][] dAcc = floating ? new double[pieces][m] : null;
        long[][] lAcc = floating ? null : new long[pieces][m];
        Parallel.forRange(pieces, Math.max(xl.numel(), 1), (p0, p1) -> {
            double[] values = floating ? new double[RUN] : null;
            long[] ints = floating ? null : new long[RUN];
            for (int p = p0; p < p1; p++) {
                long first = runs.count() * p / pieces, end = runs.count() * (p + 1) / pieces;
                for (long r = first; r < end; r++) {
                    int n = runs.length(r);
                    int o = (int) runs.start(1, r), os = (int) runs.innerStride(1);
                    if (floating) {
                        double[] acc = dAcc[p];
                        in.load(runs.start(0, r), runs.innerStride(0), n, values);
                        if (os == 0) {
                            double s = acc[o];
                            for (int i = 0; i < n; i++) s += values[i];
                            acc[o] = s;
                        } else {
                            for (int i = 0; i < n; i++) acc[o + i * os] += values[i];
                        }
                    } else {
                        long[] acc = lAcc[p];
                        in.load(runs.start(0, r), runs.innerStride(0), n, ints);
                        if (os == 0) {
                            long s = acc[o];
                            for (int i = 0; i < n; i++) s += ints[i];
                            acc[o] = s;
                        } else {
                            for (int i = 0; i < n; i++) acc[o + i * os] += ints[i];
                        }
                    }
                }
            }
        });
        Cells result = Cells.of(out);
        if (floating) {
            for (int p = 1; p < pieces; p++) for (int i = 0; i < m; i++) dAcc[0][i] += dAcc[p][i];
            result.store(dAcc[0], m, ol.offset(), 1);
        } else {
            for (int p = 1; p < pieces; p++) for (int i = 0; i < m; i++) lAcc[0][i] += lAcc[p][i];
            result.store(lAcc[0], m, ol.offset(), 1);
        }
    }

    /** Runs {@code body} over pieces of {@code [0, runs.count())}, on every thread when there is enough work. */
    private static void inParallel(Runs runs, RunRange body) {
        long count = runs.count();
        int pieces = (int) Math.min(count, 1 << 16);
        Parallel.forRange(pieces, runs.elements(), (p0, p1) -> body.run(count * p0 / pieces, count * p1 / pieces));
    }

    @FunctionalInterface
    private interface RunRange {
        void run(long first, long end);
    }

    /**
     * A joint row-major walk over layouts of one shape: size-1 dims dropped, neighbouring dims merged where every
     * layout allows (so a contiguous tensor is one dim, of any long length), and the innermost dim cut into runs of at
     * most {@link #RUN} elements. Run {@code r} starts, in operand {@code o}, at {@link #start}.
     */
    static final class Runs {
        private final long[] sizes;        // merged outer dims, innermost last (the inner dim not included)
        private final long[][] strides;    // per operand, per merged outer dim
        private final long[] offsets;
        private final long[] innerStrides;
        private final long inner;          // length of the innermost merged dim
        private final long piecesPerRow;
        private final long count;
        private final long elements;

        Runs(Layout... layouts) {
            int[] shape = layouts[0].shape();
            int k = layouts.length;
            long[] sz = new long[shape.length];
            long[][] st = new long[k][shape.length];
            int r = 0;
            boolean empty = false;
            for (int d = 0; d < shape.length; d++) {
                empty |= shape[d] == 0;
                if (shape[d] == 1) continue;
                boolean merge = r > 0;
                for (int o = 0; merge && o < k; o++) merge = st[o][r - 1] == layouts[o].stride(d) * shape[d];
                if (merge) {
                    sz[r - 1] *= shape[d];
                    for (int o = 0; o < k; o++) st[o][r - 1] = layouts[o].stride(d);
                } else {
                    sz[r] = shape[d];
                    for (int o = 0; o < k; o++) st[o][r] = layouts[o].stride(d);
                    r++;
                }
            }
            offsets = new long[k];
            innerStrides = new long[k];
            for (int o = 0; o < k; o++) offsets[o] = layouts[o].offset();
            if (r == 0) {   // a scalar, or only size-1 dims: one element
                inner = empty ? 0 : 1;
                sizes = new long[0];
                strides = new long[k][0];
            } else {
                inner = sz[r - 1];
                for (int o = 0; o < k; o++) innerStrides[o] = st[o][r - 1];
                sizes = java.util.Arrays.copyOf(sz, r - 1);
                strides = new long[k][];
                for (int o = 0; o < k; o++) strides[o] = java.util.Arrays.copyOf(st[o], r - 1);
            }
            elements = empty ? 0 : layouts[0].numel();
            piecesPerRow = Math.max(1, (inner + RUN - 1) / RUN);
            count = empty ? 0 : elements / Math.max(inner, 1) * piecesPerRow;
        }

        long count() { return count; }

        long elements() { return elements; }

        int length(long r) { return (int) Math.min(RUN, inner - (r % piecesPerRow) * RUN); }

        long innerStride(int operand) { return innerStrides[operand]; }

        long start(int operand, long r) {
            long row = r / piecesPerRow;
            long at = offsets[operand] + (r % piecesPerRow) * RUN * innerStrides[operand];
            long[] st = strides[operand];
            for (int d = sizes.length - 1; d >= 0 && row > 0; d--) {
                at += (row % sizes[d]) * st[d];
                row /= sizes[d];
            }
            return at;
        }
    }
}
