package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Layout;
import dev.ember.backend.ScanOp;

/**
 * Inclusive scans along one dim ({@link ScanOp}): each row along the dim is loaded into a scratch buffer (floats as
 * double, integers and bool as long), scanned in order and stored; rows run in parallel. Sequential within a row, so
 * the result is the same for any thread count.
 */
final class CpuScan {
    private CpuScan() {}

    static void scan(ScanOp op, CpuStorage x, Layout xl, int dim, CpuStorage out, Layout ol, CpuStorage indices) {
        if (!op.accepts(x.dtype) || out.dtype != x.dtype) {
            throw new IllegalArgumentException(op + ": no CPU kernel from " + x.dtype + " to " + out.dtype);
        }
        if (op.hasIndices() != (indices != null) || (indices != null && indices.dtype != DType.INT64)) {
            throw new IllegalArgumentException(op + ": " + (op.hasIndices() ? "needs int64 indices" : "writes no indices"));
        }
        int length = xl.shape()[dim];
        int[] scanned = {dim};
        Layout xRows = xl.keptDims(scanned);
        Layout oRows = ol.keptDims(scanned);
        int rows = xRows.intNumel();
        if (length == 0 || rows == 0) return;
        int xs = xl.intStride(dim);
        int os = ol.intStride(dim);
        boolean floating = x.dtype.isFloating();
        Parallel.forRange(rows, (long) rows * length, (start, end) -> {
            double[] d = floating ? new double[length] : null;
            long[] v = floating ? null : new long[length];
            long[] at = op.hasIndices() ? new long[length] : null;
            for (int r = start; r < end; r++) {
                int xi = xRows.intIndexOf(r);
                int oi = oRows.intIndexOf(r);
                if (floating) {
                    RowIO.load(x, xi, xs, length, d);
                    scanDoubles(op, d, at);
                    RowIO.store(d, length, out, oi, os);
                } else {
                    RowIO.load(x, xi, xs, length, v);
                    scanLongs(op, v, at);
                    RowIO.store(v, length, out, oi, os);
                }
                if (at != null) RowIO.store(at, length, indices, oi, os);
            }
        });
    }

    private static void scanDoubles(ScanOp op, double[] d, long[] at) {
        switch (op) {
            case CUMSUM -> { double s = 0; for (int i = 0; i < d.length; i++) d[i] = s += d[i]; }
            case CUMPROD -> { double p = 1; for (int i = 0; i < d.length; i++) d[i] = p *= d[i]; }
            case CUMMAX, CUMMIN -> {
                boolean max = op == ScanOp.CUMMAX;
                double best = d[0];
                long where = 0;
                for (int i = 0; i < d.length; i++) {
                    double e = d[i];
                    if (Double.isNaN(e) || (!Double.isNaN(best) && (max ? e >= best : e <= best))) {
                        best = e;
                        where = i;
                    }
                    d[i] = best;
                    at[i] = where;
                }
            }
            case LOGCUMSUMEXP -> {
                double s = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < d.length; i++) d[i] = s = logAddExp(d[i], s);
            }
        }
    }

    /**
     * {@code log(exp(e) + exp(s))} as PyTorch's {@code _log_add_exp_helper}: {@code max + log1p(exp(min - max))},
     * except that equal infinities give that infinity (their difference would be NaN); a NaN in either propagates.
     */
    static double logAddExp(double e, double s) {
        double lo = Double.isNaN(s) ? s : Double.isNaN(e) ? e : Math.min(e, s);
        double hi = Double.isNaN(s) ? s : Double.isNaN(e) ? e : Math.max(e, s);
        if (lo != hi || Double.isFinite(lo)) return StrictMath.log1p(StrictMath.exp(lo - hi)) + hi;
        return e;
    }

    private static void scanLongs(ScanOp op, long[] v, long[] at) {
        switch (op) {
            case CUMSUM -> { long s = 0; for (int i = 0; i < v.length; i++) v[i] = s += v[i]; }
            case CUMPROD -> { long p = 1; for (int i = 0; i < v.length; i++) v[i] = p *= v[i]; }
            case CUMMAX, CUMMIN -> {
                boolean max = op == ScanOp.CUMMAX;
                long best = v[0];
                long where = 0;
                for (int i = 0; i < v.length; i++) {
                    if (max ? v[i] >= best : v[i] <= best) {
                        best = v[i];
                        where = i;
                    }
                    v[i] = best;
                    at[i] = where;
                }
            }
            case LOGCUMSUMEXP -> throw new IllegalArgumentException("logcumsumexp of integers");
        }
    }
}
