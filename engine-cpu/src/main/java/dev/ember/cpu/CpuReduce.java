package dev.ember.cpu;

import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;

/**
 * Reductions: one output element per position of the kept dims. SUM, PROD, MAX and MIN of float32 and float64 inputs
 * whose innermost merged dim is contiguous (after moving reduced dims past kept ones, see {@link ReduceLayout#of}) go
 * to {@link DenseReduce}, ARGMAX and ARGMIN over contiguous rows to {@link #argRows}, and those whose outputs are
 * contiguous to {@link #argColumns}. Everything else takes the strided path: the
 * reduced dims of each output are walked with an odometer, loaded row by row into a per-thread buffer and
 * accumulated in double for floats, long for integers; outputs are independent, so they are split across threads.
 */
final class CpuReduce {
    private CpuReduce() {}

    static void reduce(ReduceOp op, CpuStorage x, Layout xl, int[] dims, CpuStorage out) {
        reduce(Simd.REDUCTION_ROWS, op, x, xl, dims, out);
    }

    /** With {@code rows} null every reduction takes the strided path, for tests that compare the two. */
    static void reduce(ReductionRows rows, ReduceOp op, CpuStorage x, Layout xl, int[] dims, CpuStorage out) {
        boolean dense = rows != null && x.dtype.isFloating() && out.dtype == x.dtype
                && (op == ReduceOp.SUM || op == ReduceOp.PROD || op == ReduceOp.MAX || op == ReduceOp.MIN);
        ReduceLayout r = dense ? ReduceLayout.of(xl, dims) : null;
        if (r != null && r.innerStride == 1) {
            if (r.innerReduced) DenseReduce.inner(rows, op, x, r, out);
            else DenseReduce.outer(rows, op, x, r, out);
            return;
        }
        if (rows != null && x.dtype.isFloating() && (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN)
                && (dims.length < xl.rank() || xl.rank() == 1)) {   // a full reduction of more dims visits them by stride
            ReduceLayout a = ReduceLayout.of(xl, dims);
            if (a != null && a.innerStride == 1 && a.reducedShape.length == 1) {
                if (a.innerReduced) argRows(rows, op, x, a, out);
                else argColumns(op, x, a, out);
                return;
            }
        }
        strided(op, x, xl, dims, out);
    }

    /**
     * ARGMAX or ARGMIN where each output's elements are one contiguous row, in order: the row's maximum (NaN if it
     * holds one) by the SIMD rows, then the first position that holds it, which is the strided path's answer
     * (the first maximum on ties; the first NaN; -0 and +0 tie).
     */
    private static void argRows(ReductionRows rows, ReduceOp op, CpuStorage x, ReduceLayout r, CpuStorage out) {
        int n = r.perOutput;
        ReduceOp extreme = op == ReduceOp.ARGMAX ? ReduceOp.MAX : ReduceOp.MIN;
        Parallel.forRange(r.outputs, (long) r.outputs * n * 2, (start, end) -> {
            for (int o = start; o < end; o++) {
                int at = r.keptOffset(o);
                int i = 0;
                if (x.array instanceof float[] f) {
                    double m = rows.reduce(extreme, f, at, n);
                    if (Double.isNaN(m)) while (!Float.isNaN(f[at + i])) i++;
                    else while (f[at + i] != m) i++;
                } else {
                    double[] d = (double[]) x.array;
                    double m = rows.reduce(extreme, d, at, n);
                    if (Double.isNaN(m)) while (!Double.isNaN(d[at + i])) i++;
                    else while (d[at + i] != m) i++;
                }
                RowIO.store((long) i, out, o);
            }
        });
    }

    /**
     * ARGMAX or ARGMIN where the outputs are contiguous (the argmax over the rows of an {@code [N, C]} matrix):
     * whole input rows are compared into a row of up to {@link DenseReduce#COLUMNS} running winners, reading the
     * input in memory order instead of one strided walk per output. Each column keeps the strided path's rule: its
     * first element starts it, a later one wins only if it is larger (smaller), or NaN while no NaN has won.
     */
    private static void argColumns(ReduceOp op, CpuStorage x, ReduceLayout r, CpuStorage out) {
        int width = r.keptShape[r.keptShape.length - 1];
        int blocks = (width + DenseReduce.COLUMNS - 1) / DenseReduce.COLUMNS;
        int n = r.perOutput;
        boolean max = op == ReduceOp.ARGMAX;
        Parallel.forRange(r.outputs / width * blocks, (long) r.outputs * n * 2, (start, end) -> {
            Scratch scratch = Scratch.get();
            double[] top = scratch.doubles(0, Math.min(width, DenseReduce.COLUMNS));
            long[] best = scratch.longs(0, top.length);
            for (int u = start; u < end; u++) {
                int o = (u / blocks) * width + (u % blocks) * DenseReduce.COLUMNS;
                int m = Math.min(DenseReduce.COLUMNS, width - (u % blocks) * DenseReduce.COLUMNS);
                int base = r.keptOffset(o);
                for (int q = 0; q < n; q++) {
                    int at = base + r.reducedOffset(q, 1);
                    if (x.array instanceof float[] f) {
                        if (q == 0) for (int j = 0; j < m; j++) { top[j] = f[at + j]; best[j] = 0; }
                        else if (max) for (int j = 0; j < m; j++) { double v = f[at + j], t = top[j]; if (t == t && !(v <= t)) { top[j] = v; best[j] = q; } }
                        else for (int j = 0; j < m; j++) { double v = f[at + j], t = top[j]; if (t == t && !(v >= t)) { top[j] = v; best[j] = q; } }
                    } else {
                        double[] d = (double[]) x.array;
                        if (q == 0) for (int j = 0; j < m; j++) { top[j] = d[at + j]; best[j] = 0; }
                        else if (max) for (int j = 0; j < m; j++) { double v = d[at + j], t = top[j]; if (t == t && !(v <= t)) { top[j] = v; best[j] = q; } }
                        else for (int j = 0; j < m; j++) { double v = d[at + j], t = top[j]; if (t == t && !(v >= t)) { top[j] = v; best[j] = q; } }
                    }
                }
                for (int j = 0; j < m; j++) RowIO.store(best[j], out, o + j);
            }
        });
    }

    private static void strided(ReduceOp op, CpuStorage x, Layout xl, int[] dims, CpuStorage out) {
        Layout kept = xl.keptDims(dims);
        Layout red = xl.reducedDims(dims);
        int keptCount = kept.rank();
        int[] keptShape = kept.shape();
        int[] keptStrides = kept.intStrides();
        int[] redShape = red.shape();
        int[] redStrides = red.intStrides();
        int outputs = 1;
        for (int s : keptShape) outputs *= s;
        int perOutput = 1;
        for (int s : redShape) perOutput *= s;
        boolean floating = x.dtype.isFloating();
        int count = perOutput;
        int rowLen = Math.min(RowLoop.BLOCK, redShape.length == 0 ? 1 : Math.max(1, redShape[redShape.length - 1]));
        Parallel.forRange(outputs, (long) outputs * perOutput, (start, end) -> {
            Scratch scratch = Scratch.get();
            double[] dbuf = floating ? scratch.doubles(0, rowLen) : null;
            long[] lbuf = floating ? null : scratch.longs(0, rowLen);
            for (int o = start; o < end; o++) {
                int base = xl.intOffset();
                for (int d = keptCount - 1, rem = o; d >= 0; d--) {
                    base += (rem % keptShape[d]) * keptStrides[d];
                    rem /= keptShape[d];
                }
                if (floating) RowIO.store(reduceDouble(op, x, base, redShape, redStrides, dbuf, rowLen, count), out, o);
                else RowIO.store(reduceLong(op, x, base, redShape, redStrides, lbuf, rowLen, count), out, o);
            }
        });
    }

    /** Storage position of the first element of reduced row {@code r} (all reduced dims but the last). */
    private static int rowStart(int base, int r, int[] shape, int[] strides) {
        int p = base;
        for (int d = shape.length - 2; d >= 0; d--) {
            p += (r % shape[d]) * strides[d];
            r /= shape[d];
        }
        return p;
    }

    /** The reduced elements of one output arrive row by row (the last reduced dim), loaded into a buffer. */
    private static double reduceDouble(ReduceOp op, CpuStorage x, int base, int[] shape, int[] strides, double[] buf,
                                       int bufLength, int n) {
        int len = shape.length == 0 ? 1 : shape[shape.length - 1];
        int stride = shape.length == 0 ? 0 : strides[shape.length - 1];
        int rows = len == 0 ? 0 : n / len;
        double acc = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX, ARGMAX -> Double.NEGATIVE_INFINITY;
            case MIN, ARGMIN -> Double.POSITIVE_INFINITY;
        };
        long best = 0;
        boolean sawNaN = false;
        for (int r = 0; r < rows; r++) {
            int rowAt = rowStart(base, r, shape, strides);
            for (int from = 0; from < len; from += bufLength) {   // long rows in buffer-sized chunks
                int m = Math.min(bufLength, len - from);
                long first = (long) r * len + from;
                RowIO.load(x, rowAt + from * stride, stride, m, buf);
                switch (op) {
                    case SUM -> { for (int i = 0; i < m; i++) acc += buf[i]; }
                    case PROD -> { for (int i = 0; i < m; i++) acc *= buf[i]; }
                    case MAX, ARGMAX -> {   // NaN wins, as in PyTorch; the first maximum on ties
                        for (int i = 0; i < m && !sawNaN; i++) {
                            double v = buf[i];
                            if (v > acc || Double.isNaN(v) || (first == 0 && i == 0)) {
                                acc = v;
                                best = first + i;
                                sawNaN = Double.isNaN(v);
                            }
                        }
                    }
                    case MIN, ARGMIN -> {
                        for (int i = 0; i < m && !sawNaN; i++) {
                            double v = buf[i];
                            if (v < acc || Double.isNaN(v) || (first == 0 && i == 0)) {
                                acc = v;
                                best = first + i;
                                sawNaN = Double.isNaN(v);
                            }
                        }
                    }
                }
            }
        }
        return op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? best : acc;
    }

    private static long reduceLong(ReduceOp op, CpuStorage x, int base, int[] shape, int[] strides, long[] buf,
                                   int bufLength, int n) {
        int len = shape.length == 0 ? 1 : shape[shape.length - 1];
        int stride = shape.length == 0 ? 0 : strides[shape.length - 1];
        int rows = len == 0 ? 0 : n / len;
        long acc = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX, ARGMAX -> Long.MIN_VALUE;
            case MIN, ARGMIN -> Long.MAX_VALUE;
        };
        long best = 0;
        for (int r = 0; r < rows; r++) {
            int rowAt = rowStart(base, r, shape, strides);
            for (int from = 0; from < len; from += bufLength) {
                int m = Math.min(bufLength, len - from);
                long first = (long) r * len + from;
                RowIO.load(x, rowAt + from * stride, stride, m, buf);
                switch (op) {
                    case SUM -> { for (int i = 0; i < m; i++) acc += buf[i]; }
                    case PROD -> { for (int i = 0; i < m; i++) acc *= buf[i]; }
                    case MAX, ARGMAX -> {
                        for (int i = 0; i < m; i++) if (buf[i] > acc || (first == 0 && i == 0)) { acc = buf[i]; best = first + i; }
                    }
                    case MIN, ARGMIN -> {
                        for (int i = 0; i < m; i++) if (buf[i] < acc || (first == 0 && i == 0)) { acc = buf[i]; best = first + i; }
                    }
                }
            }
        }
        return op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? best : acc;
    }
}
