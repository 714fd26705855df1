package dev.ember.cpu;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.Layout;
import dev.ember.backend.UnaryOp;

/**
 * Elementwise kernels on strided blocks. Floating dtypes compute in double (exact for +, -, *, / and sqrt
 * after rounding to float32, and more accurate for the rest); integer and bool dtypes compute in long.
 */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, double param, CpuStorage x, Layout xl, CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), xl, ol);
        boolean floating = x.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[2];
            double[] d = floating ? new double[loop.blockCapacity()] : null;
            long[] l = floating ? null : new long[loop.blockCapacity()];
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (floating) {
                    RowIO.load(x, at[0], loop.innerStrides[0], n, d);
                    ScalarMath.unary(op, param, d, n);
                    RowIO.store(d, n, out, at[1], loop.innerStrides[1]);
                } else {
                    RowIO.load(x, at[0], loop.innerStrides[0], n, l);
                    ScalarMath.unary(op, l, n);
                    RowIO.store(l, n, out, at[1], loop.innerStrides[1]);
                }
            }
        });
    }

    static void binary(BinaryOp op, CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), al, bl, ol);
        boolean floating = a.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[3];
            int cap = loop.blockCapacity();
            double[] da = floating ? new double[cap] : null;
            double[] db = floating ? new double[cap] : null;
            long[] la = floating ? null : new long[cap];
            long[] lb = floating ? null : new long[cap];
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (floating) {
                    RowIO.load(a, at[0], loop.innerStrides[0], n, da);
                    RowIO.load(b, at[1], loop.innerStrides[1], n, db);
                    ScalarMath.binary(op, da, db, n);
                    RowIO.store(da, n, out, at[2], loop.innerStrides[2]);
                } else {
                    RowIO.load(a, at[0], loop.innerStrides[0], n, la);
                    RowIO.load(b, at[1], loop.innerStrides[1], n, lb);
                    ScalarMath.binary(op, la, lb, n);
                    RowIO.store(la, n, out, at[2], loop.innerStrides[2]);
                }
            }
        });
    }

    static void where(CpuStorage c, Layout cl, CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), cl, al, bl, ol);
        boolean floating = a.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[4];
            int cap = loop.blockCapacity();
            long[] cond = new long[cap];
            double[] da = floating ? new double[cap] : null;
            double[] db = floating ? new double[cap] : null;
            long[] la = floating ? null : new long[cap];
            long[] lb = floating ? null : new long[cap];
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                RowIO.load(c, at[0], loop.innerStrides[0], n, cond);
                if (floating) {
                    RowIO.load(a, at[1], loop.innerStrides[1], n, da);
                    RowIO.load(b, at[2], loop.innerStrides[2], n, db);
                    for (int i = 0; i < n; i++) if (cond[i] == 0) da[i] = db[i];
                    RowIO.store(da, n, out, at[3], loop.innerStrides[3]);
                } else {
                    RowIO.load(a, at[1], loop.innerStrides[1], n, la);
                    RowIO.load(b, at[2], loop.innerStrides[2], n, lb);
                    for (int i = 0; i < n; i++) if (cond[i] == 0) la[i] = lb[i];
                    RowIO.store(la, n, out, at[3], loop.innerStrides[3]);
                }
            }
        });
    }

    /** Same-shape copy; exact when the dtypes match, converting otherwise. */
    static void copy(CpuStorage src, Layout sl, CpuStorage dst, Layout dl) {
        RowLoop loop = new RowLoop(dl.shape(), sl, dl);
        boolean same = src.dtype == dst.dtype;
        boolean viaDouble = src.dtype.isFloating() || dst.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[2];
            double[] d = !same && viaDouble ? new double[loop.blockCapacity()] : null;
            long[] l = !same && !viaDouble ? new long[loop.blockCapacity()] : null;
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (same) {
                    RowIO.copySame(src, at[0], loop.innerStrides[0], dst, at[1], loop.innerStrides[1], n);
                } else if (viaDouble) {
                    RowIO.load(src, at[0], loop.innerStrides[0], n, d);
                    RowIO.store(d, n, dst, at[1], loop.innerStrides[1]);
                } else {
                    RowIO.load(src, at[0], loop.innerStrides[0], n, l);
                    RowIO.store(l, n, dst, at[1], loop.innerStrides[1]);
                }
            }
        });
    }

    static void fill(CpuStorage dst, Layout l, double value) {
        RowLoop loop = new RowLoop(l.shape(), l);
        boolean floating = dst.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[1];
            int cap = loop.blockCapacity();
            double[] d = floating ? new double[cap] : null;
            long[] v = floating ? null : new long[cap];
            if (floating) java.util.Arrays.fill(d, value);
            else java.util.Arrays.fill(v, (long) value);
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (floating) RowIO.store(d, n, dst, at[0], loop.innerStrides[0]);
                else RowIO.store(v, n, dst, at[0], loop.innerStrides[0]);
            }
        });
    }
}
