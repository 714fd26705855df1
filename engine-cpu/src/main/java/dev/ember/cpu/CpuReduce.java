package dev.ember.cpu;

import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;

/**
 * Reductions: one output element per position of the kept dims. SUM, MAX and MIN of float32 and float64 inputs
 * whose innermost merged dim is contiguous go to {@link DenseReduce}. Everything else takes the strided path: the
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
                && (op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN);
        ReduceLayout r = dense ? ReduceLayout.of(xl, dims) : null;
        if (r != null && r.innerStride == 1) {
            if (r.innerReduced) DenseReduce.inner(rows, op, x, r, out);
            else DenseReduce.outer(rows, op, x, r, out);
            return;
        }
        strided(op, x, xl, dims, out);
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
