package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Layout;
import dev.ember.backend.UnaryOp;

/**
 * Elementwise kernels, row by row ({@link RowLoop}). Two paths:
 * <ul>
 *   <li>dense: float32 or float64 operands of the output's dtype whose rows are contiguous or one repeated
 *       element go to the SIMD kernels ({@link ElementwiseRows}) straight on the arrays, in the dtype itself; so
 *       do comparisons of two float32 or two float64 operands into a bool output;</li>
 *   <li>strided: everything else is loaded into per-thread buffers, computed there ({@link ScalarMath}) and
 *       stored. Floating dtypes compute in double (exact for +, -, *, / and sqrt after rounding to float32, and
 *       more accurate for the rest); integer and bool dtypes compute in long.</li>
 * </ul>
 * Each kernel has an overload that takes the dense kernels as a parameter (null: strided only), for tests that
 * compare the two paths.
 */
final class CpuElementwise {
    private CpuElementwise() {}

    private static final ElementwiseRows DENSE = Simd.ELEMENTWISE_ROWS;

    static void unary(UnaryOp op, double param, CpuStorage x, Layout xl, CpuStorage out, Layout ol) {
        unary(DENSE, op, param, x, xl, out, ol);
    }

    static void unary(ElementwiseRows dense, UnaryOp op, double param, CpuStorage x, Layout xl, CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), xl, ol);
        boolean rounding = RoundingMath.handles(op);   // kernels of their own (the SIMD rows do not support them)
        if (dense != null && dense.supports(op) && denseFloats(loop, out, x)) {
            int xs = loop.denseStride(0);
            loop.run((start, end) -> {
                int[] at = new int[2];
                for (int u = start; u < end; u++) {
                    loop.starts(u, at);
                    if (out.array instanceof float[] o) dense.unary(op, param, (float[]) x.array, at[0], xs, o, at[1], loop.length(u));
                    else dense.unary(op, param, (double[]) x.array, at[0], xs, (double[]) out.array, at[1], loop.length(u));
                }
            });
            return;
        }
        boolean floating = x.dtype.isFloating();
        boolean float32 = x.dtype == DType.FLOAT32 && out.dtype == DType.FLOAT32;
        loop.run((start, end) -> {
            int[] at = new int[2];
            Scratch scratch = Scratch.get();
            double[] d = floating ? scratch.doubles(0, loop.blockCapacity()) : null;
            long[] l = floating ? null : scratch.longs(0, loop.blockCapacity());
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (floating) {
                    RowIO.load(x, at[0], loop.innerStrides[0], n, d);
                    if (rounding) RoundingMath.unary(op, d, n);
                    else ScalarMath.unary(op, param, d, n, float32);
                    RowIO.store(d, n, out, at[1], loop.innerStrides[1]);
                } else {
                    RowIO.load(x, at[0], loop.innerStrides[0], n, l);
                    if (rounding) RoundingMath.unary(op, l, n);
                    else ScalarMath.unary(op, l, n);
                    RowIO.store(l, n, out, at[1], loop.innerStrides[1]);
                }
            }
        });
    }

    static void binary(BinaryOp op, CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol) {
        binary(DENSE, op, a, al, b, bl, out, ol);
    }

    static void binary(ElementwiseRows dense, BinaryOp op, CpuStorage a, Layout al, CpuStorage b, Layout bl,
                       CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), al, bl, ol);
        boolean division = RoundingMath.handles(op);   // kernels of their own (the SIMD rows do not support them)
        if (dense != null && dense.supports(op) && denseFloats(loop, out, a, b)) {
            int as = loop.denseStride(0), bs = loop.denseStride(1);
            loop.run((start, end) -> {
                int[] at = new int[3];
                for (int u = start; u < end; u++) {
                    loop.starts(u, at);
                    int n = loop.length(u);
                    if (out.array instanceof float[] o) {
                        dense.binary(op, (float[]) a.array, at[0], as, (float[]) b.array, at[1], bs, o, at[2], n);
                    } else {
                        dense.binary(op, (double[]) a.array, at[0], as, (double[]) b.array, at[1], bs, (double[]) out.array, at[2], n);
                    }
                }
            });
            return;
        }
        if (dense != null && op == BinaryOp.POW && squares(b, bl) && denseFloats(loop, out, a, b)) {
            // StrictMath.pow(x, 2.0) is x * x (fdlibm's first special case), rounded once: the dense product's bits
            binary(dense, BinaryOp.MUL, a, al, a, al, out, ol);
            return;
        }
        if (dense != null && ElementwiseRows.isComparison(op) && out.array instanceof boolean[] o && a.dtype.isFloating()
                && b.dtype == a.dtype && loop.rowsAreDense()) {
            int as = loop.denseStride(0), bs = loop.denseStride(1);
            loop.run((start, end) -> {
                int[] at = new int[3];
                for (int u = start; u < end; u++) {
                    loop.starts(u, at);
                    int n = loop.length(u);
                    if (a.array instanceof float[] af) dense.compare(op, af, at[0], as, (float[]) b.array, at[1], bs, o, at[2], n);
                    else dense.compare(op, (double[]) a.array, at[0], as, (double[]) b.array, at[1], bs, o, at[2], n);
                }
            });
            return;
        }
        boolean floating = a.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[3];
            int cap = loop.blockCapacity();
            Scratch scratch = Scratch.get();
            double[] da = floating ? scratch.doubles(0, cap) : null;
            double[] db = floating ? scratch.doubles(1, cap) : null;
            long[] la = floating ? null : scratch.longs(0, cap);
            long[] lb = floating ? null : scratch.longs(1, cap);
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                if (floating) {
                    RowIO.load(a, at[0], loop.innerStrides[0], n, da);
                    RowIO.load(b, at[1], loop.innerStrides[1], n, db);
                    if (division) RoundingMath.binary(op, a.dtype, da, db, n);
                    else ScalarMath.binary(op, da, db, n);
                    RowIO.store(da, n, out, at[2], loop.innerStrides[2]);
                } else {
                    RowIO.load(a, at[0], loop.innerStrides[0], n, la);
                    RowIO.load(b, at[1], loop.innerStrides[1], n, lb);
                    if (division) RoundingMath.binary(op, la, lb, n);
                    else ScalarMath.binary(op, la, lb, n);
                    RowIO.store(la, n, out, at[2], loop.innerStrides[2]);
                }
            }
        });
    }

    static void where(CpuStorage c, Layout cl, CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol) {
        where(DENSE, c, cl, a, al, b, bl, out, ol);
    }

    static void where(ElementwiseRows dense, CpuStorage c, Layout cl, CpuStorage a, Layout al, CpuStorage b, Layout bl,
                      CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), cl, al, bl, ol);
        if (dense != null && c.array instanceof boolean[] cond && denseFloats(loop, out, a, b)) {
            int cs = loop.denseStride(0), as = loop.denseStride(1), bs = loop.denseStride(2);
            loop.run((start, end) -> {
                int[] at = new int[4];
                for (int u = start; u < end; u++) {
                    loop.starts(u, at);
                    int n = loop.length(u);
                    if (out.array instanceof float[] o) {
                        dense.where(cond, at[0], cs, (float[]) a.array, at[1], as, (float[]) b.array, at[2], bs, o, at[3], n);
                    } else {
                        dense.where(cond, at[0], cs, (double[]) a.array, at[1], as, (double[]) b.array, at[2], bs,
                                (double[]) out.array, at[3], n);
                    }
                }
            });
            return;
        }
        boolean floating = a.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[4];
            int cap = loop.blockCapacity();
            Scratch scratch = Scratch.get();
            long[] condition = scratch.longs(2, cap);
            double[] da = floating ? scratch.doubles(0, cap) : null;
            double[] db = floating ? scratch.doubles(1, cap) : null;
            long[] la = floating ? null : scratch.longs(0, cap);
            long[] lb = floating ? null : scratch.longs(1, cap);
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                RowIO.load(c, at[0], loop.innerStrides[0], n, condition);
                if (floating) {
                    RowIO.load(a, at[1], loop.innerStrides[1], n, da);
                    RowIO.load(b, at[2], loop.innerStrides[2], n, db);
                    for (int i = 0; i < n; i++) if (condition[i] == 0) da[i] = db[i];
                    RowIO.store(da, n, out, at[3], loop.innerStrides[3]);
                } else {
                    RowIO.load(a, at[1], loop.innerStrides[1], n, la);
                    RowIO.load(b, at[2], loop.innerStrides[2], n, lb);
                    for (int i = 0; i < n; i++) if (condition[i] == 0) la[i] = lb[i];
                    RowIO.store(la, n, out, at[3], loop.innerStrides[3]);
                }
            }
        });
    }

    static void addcmul(CpuStorage x, Layout xl, CpuStorage t1, Layout l1, CpuStorage t2, Layout l2, double value,
                        CpuStorage out, Layout ol) {
        addcmul(DENSE, x, xl, t1, l1, t2, l2, value, out, ol);
    }

    /**
     * {@code out = x + value * t1 * t2} in one pass, {@code value * t1} rounded, then one fused multiply-add: in
     * float32 for float32 (the SIMD kernel's bits), in double for every other dtype.
     */
    static void addcmul(ElementwiseRows dense, CpuStorage x, Layout xl, CpuStorage t1, Layout l1, CpuStorage t2, Layout l2,
                        double value, CpuStorage out, Layout ol) {
        RowLoop loop = new RowLoop(ol.shape(), xl, l1, l2, ol);
        if (dense != null && denseFloats(loop, out, x, t1, t2)) {
            int xs = loop.denseStride(0), s1 = loop.denseStride(1), s2 = loop.denseStride(2);
            loop.run((start, end) -> {
                int[] at = new int[4];
                for (int u = start; u < end; u++) {
                    loop.starts(u, at);
                    int n = loop.length(u);
                    if (out.array instanceof float[] o) {
                        dense.addcmul((float[]) x.array, at[0], xs, (float[]) t1.array, at[1], s1, (float[]) t2.array, at[2], s2,
                                value, o, at[3], n);
                    } else {
                        dense.addcmul((double[]) x.array, at[0], xs, (double[]) t1.array, at[1], s1, (double[]) t2.array, at[2], s2,
                                value, (double[]) out.array, at[3], n);
                    }
                }
            });
            return;
        }
        boolean float32 = out.dtype == DType.FLOAT32;
        loop.run((start, end) -> {
            int[] at = new int[4];
            int cap = loop.blockCapacity();
            Scratch scratch = Scratch.get();
            double[] dx = scratch.doubles(0, cap);
            double[] d1 = scratch.doubles(1, cap);
            double[] d2 = scratch.doubles(2, cap);
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                RowIO.load(x, at[0], loop.innerStrides[0], n, dx);
                RowIO.load(t1, at[1], loop.innerStrides[1], n, d1);
                RowIO.load(t2, at[2], loop.innerStrides[2], n, d2);
                if (float32) {   // as the SIMD kernel: the last multiply and the add fused, in float32
                    float v = (float) value;
                    for (int i = 0; i < n; i++) dx[i] = Math.fma(v * (float) d1[i], (float) d2[i], (float) dx[i]);
                } else {
                    for (int i = 0; i < n; i++) dx[i] = Math.fma(value * d1[i], d2[i], dx[i]);
                }
                RowIO.store(dx, n, out, at[3], loop.innerStrides[3]);
            }
        });
    }

    /** Same-shape copy; exact when the dtypes match, converting otherwise. */
    static void copy(CpuStorage src, Layout sl, CpuStorage dst, Layout dl) {
        RowLoop loop = new RowLoop(dl.shape(), sl, dl);
        boolean same = src.dtype == dst.dtype;
        boolean floatPair = src.dtype.isFloating() && dst.dtype.isFloating();
        boolean viaDouble = src.dtype.isFloating() || dst.dtype.isFloating();
        loop.run((start, end) -> {
            int[] at = new int[2];
            Scratch scratch = Scratch.get();
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                int ss = loop.innerStrides[0], ds = loop.innerStrides[1];
                if (same) {
                    RowIO.copySame(src, at[0], ss, dst, at[1], ds, n);
                } else if (floatPair) {
                    RowIO.convertFloats(src, at[0], ss, dst, at[1], ds, n);
                } else if (RowIO.convertDirect(src, at[0], ss, dst, at[1], ds, n)) {
                    // the common casts between bool, int32, int64 and float32/float64, in one pass
                } else if (viaDouble) {
                    double[] d = scratch.doubles(0, n);
                    RowIO.load(src, at[0], ss, n, d);
                    RowIO.store(d, n, dst, at[1], ds);
                } else {
                    long[] l = scratch.longs(0, n);
                    RowIO.load(src, at[0], ss, n, l);
                    RowIO.store(l, n, dst, at[1], ds);
                }
            }
        });
    }

    static void fill(CpuStorage dst, Layout l, double value) {
        RowLoop loop = new RowLoop(l.shape(), l);
        loop.run((start, end) -> {
            int[] at = new int[1];
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                RowIO.fill(dst, at[0], loop.innerStrides[0], loop.length(u), value);
            }
        });
    }

    /** Whether {@code b} is one float value repeated everywhere (every stride 0), and that value is 2. */
    private static boolean squares(CpuStorage b, Layout bl) {
        for (int st : bl.intStrides()) if (st != 0) return false;
        return switch (b.array) {
            case float[] f -> bl.intOffset() < f.length && f[bl.intOffset()] == 2f;
            case double[] d -> bl.intOffset() < d.length && d[bl.intOffset()] == 2.0;
            default -> false;
        };
    }

    /** True when the output is float32 or float64, every input has its dtype, and every row is dense. */
    private static boolean denseFloats(RowLoop loop, CpuStorage out, CpuStorage... inputs) {
        if (!out.dtype.isFloating()) return false;
        for (CpuStorage in : inputs) if (in.dtype != out.dtype) return false;
        return loop.rowsAreDense();
    }
}
