package dev.ember.cpu;

import java.util.Arrays;

/**
 * {@link Im2col}'s float32 column matrix written straight into {@link FloatGemm}'s packed panels, for shapes whose
 * output rows adjoin ({@link ConvShape#rowsAdjoin()}: stride 1, as many output columns as input columns, such as
 * a 3x3 kernel with padding 1). There a row of the column matrix is the input plane read from one offset, with
 * zeros where the kernel hangs over the padding, so each panel sliver is filled from the input directly instead of
 * from a column matrix built first and packed after: one pass over the values instead of three (the column matrix
 * of a 32-channel 28x28 image is 0.9 MB, more than L2). The panels hold the values {@link Im2col} and the packing
 * would give, so the products are the same bits.
 *
 * <p>The column matrix is that of {@code images} images side by side (image {@code b}'s input at
 * {@code xOff + b * imageStride}), each contributing the {@code (r1 - r0) * ow} columns of output rows
 * {@code [r0, r1)}; its row {@code k0} is the packed operand's first row (a weight gradient's block of rows).
 */
final class PackedIm2col {
    private final float[] x;
    private final int xOff, imageStride, images, r0, r1, k0;
    private final ConvShape s;

    PackedIm2col(float[] x, int xOff, int imageStride, int images, ConvShape s, int r0, int r1, int k0) {
        this.x = x;
        this.xOff = xOff;
        this.imageStride = imageStride;
        this.images = images;
        this.s = s;
        this.r0 = r0;
        this.r1 = r1;
        this.k0 = k0;
    }

    static boolean suits(ConvShape s) { return s.rowsAdjoin(); }

    /** Columns of one image. */
    private int tile() { return (r1 - r0) * s.ow(); }

    /**
     * Where row {@code k} (of the whole column matrix) reads the input: {@code x[at + q]} for an image's column
     * {@code q} in {@code [from, to)}, except the columns of {@code [0, ow)} outside {@code [lo, hi)} in each output
     * row, which are padding; the other columns are padding too.
     */
    private record Reach(int at, int from, int to, int lo, int hi) {}

    private Reach reach(int k) {
        int offsets = s.kh() * s.kw(), ch = k / offsets, i = k % offsets / s.kw(), j = k % s.kw(), ow = s.ow();
        int rLo = s.firstRowInside(i, r0, r1), rHi = s.endRowInside(i, r0, r1);
        int lo = s.firstInside(j), hi = s.endInside(j);
        int at = xOff + ch * s.inPlane() + r0 * s.w() + (i * s.g().dilationH() - s.g().padH()) * s.w() + s.inputColumnShift(j);
        if (rLo == rHi || lo == hi) return new Reach(at, 0, 0, lo, hi);
        return new Reach(at, (rLo - r0) * ow + lo, (rHi - r0) * ow - (ow - hi), lo, hi);
    }

    /**
     * The B panel of rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} (a forward product's
     * {@code W col}), as {@link FloatGemm.PanelB}.
     */
    void packB(int p0, int kc, int j0, int nc, int nr, float[] dst, int dOff) {
        int pt = tile(), ow = s.ow(), end = j0 + nc, sliver = nr * kc;
        for (int p = 0; p < kc; p++) {
            Reach r = reach(k0 + p0 + p);
            int row = dOff + p * nr;
            for (int b = j0 / pt; b < images && b * pt < end; b++) {
                int first = b * pt, from = Math.max(j0, first), to = Math.min(end, first + pt);
                int src = r.at() + b * imageStride - first;   // x[src + q] for this image's column q of the matrix
                int a = Math.clamp(first + r.from(), from, to), e = Math.clamp(first + r.to(), a, to);
                if (r.from() == r.to()) a = e = to;
                zerosB(dst, row, j0, nr, sliver, from, a);
                for (int q = a; q < e; ) {
                    int t = q - j0, lane = t % nr, len = Math.min(nr - lane, e - q);
                    System.arraycopy(x, src + q, dst, row + t / nr * sliver + lane, len);
                    q += len;
                }
                zerosB(dst, row, j0, nr, sliver, e, to);
                if (r.lo() > 0 || r.hi() < ow) {
                    for (int c = first + r.from() / ow * ow; c < first + r.to(); c += ow) {
                        for (int q = Math.max(c, a); q < Math.min(c + r.lo(), e); q++) dst[row + (q - j0) / nr * sliver + (q - j0) % nr] = 0f;
                        for (int q = Math.max(c + r.hi(), a); q < Math.min(c + ow, e); q++) dst[row + (q - j0) / nr * sliver + (q - j0) % nr] = 0f;
                    }
                }
            }
            zerosB(dst, row, j0, nr, sliver, end, j0 + Math.ceilDiv(nc, nr) * nr);
        }
    }

    private static void zerosB(float[] dst, int row, int j0, int nr, int sliver, int from, int to) {
        for (int q = from; q < to; ) {
            int t = q - j0, lane = t % nr, len = Math.min(nr - lane, to - q), d = row + t / nr * sliver + lane;
            Arrays.fill(dst, d, d + len, 0f);
            q += len;
        }
    }

    /**
     * The A panel of rows {@code [i0, i0 + mc)} (after {@code k0}) and columns {@code [p0, p0 + kc)} (a weight
     * gradient's {@code col dyᵀ}), as {@link FloatGemm.PanelA}.
     */
    void packA(int i0, int mc, int p0, int kc, int mr, float[] dst) {
        int pt = tile(), ow = s.ow(), end = p0 + kc;
        for (int i = 0; i < mc; i++) {
            Reach r = reach(k0 + i0 + i);
            int row = i / mr * mr * kc + i % mr - p0 * mr;   // dst[row + q * mr] is column q
            for (int b = p0 / pt; b < images && b * pt < end; b++) {
                int first = b * pt, from = Math.max(p0, first), to = Math.min(end, first + pt);
                int src = r.at() + b * imageStride - first;
                int a = Math.clamp(first + r.from(), from, to), e = Math.clamp(first + r.to(), a, to);
                if (r.from() == r.to()) a = e = to;
                for (int q = from; q < a; q++) dst[row + q * mr] = 0f;
                for (int q = a, d = row + a * mr; q < e; q++, d += mr) dst[d] = x[src + q];
                for (int q = e; q < to; q++) dst[row + q * mr] = 0f;
                if (r.lo() > 0 || r.hi() < ow) {
                    for (int c = first + r.from() / ow * ow; c < first + r.to(); c += ow) {
                        for (int q = Math.max(c, a); q < Math.min(c + r.lo(), e); q++) dst[row + q * mr] = 0f;
                        for (int q = Math.max(c + r.hi(), a); q < Math.min(c + ow, e); q++) dst[row + q * mr] = 0f;
                    }
                }
            }
        }
        for (int i = mc; i < Math.ceilDiv(mc, mr) * mr; i++) {
            int row = i / mr * mr * kc + i % mr;
            for (int q = 0; q < kc; q++) dst[row + q * mr] = 0f;
        }
    }
}
