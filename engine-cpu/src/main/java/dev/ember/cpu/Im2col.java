package dev.ember.cpu;

import java.util.Arrays;

/**
 * The patch copies of an im2col convolution, for one image and group and a tile of output rows
 * {@code [r0, r1)}: {@code im2col} lays the input patches out as the columns of a {@code [kc, (r1-r0)*ow]}
 * matrix (padding reads as 0) that starts at {@code colOff} in rows {@code ld} apart (wider than the tile when
 * several images' columns sit side by side), {@code col2im} is its transpose and adds each column entry back to the input
 * position it came from. {@code im2col} can write only the rows {@code [k0, k1)} of its matrix (row {@code k0} at
 * {@code colOff}): a weight gradient split by rows builds only its own. Each output row of a kernel offset is one run: zeros where the kernel hangs over the
 * padding, a copy (strided by the stride) in between, so there is no bounds test per element. Where
 * {@link ConvShape#rowsAdjoin()}, all the output rows of a kernel offset are one run together.
 */
final class Im2col {
    private Im2col() {}

    static void im2col(float[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, float[] col, int colOff, int ld) {
        if (s.rowsAdjoin()) {
            im2colAdjoining(x, xOff, s, r0, r1, k0, k1, col, colOff, ld);
            return;
        }
        int ow = s.ow(), sw = s.g().strideW();
        int offsets = s.kh() * s.kw(), row = k0 / offsets * offsets;
        colOff -= k0 * ld;   // row k0 is written at colOff
        for (int ch = k0 / offsets; ch < s.cg() && row < k1; ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    if (row < k0 || row >= k1) continue;
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, dst = colOff + row * ld; r < r1; r++, dst += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + ih * s.w() + shift;
                        // runs are short here (strided small maps): plain loops, no calls into fill or copy stubs
                        for (int q = 0; q < lo; q++) col[dst + q] = 0f;
                        if (sw != 1) for (int q = lo, at = src + lo * sw; q < hi; q++, at += sw) col[dst + q] = x[at];
                        else if (hi > lo) System.arraycopy(x, src + lo, col, dst + lo, hi - lo);   // with hi == lo, src + lo may be before the array
                        for (int q = hi; q < ow; q++) col[dst + q] = 0f;
                    }
                }
            }
        }
    }

    static void col2im(float[] col, int colOff, int ld, ConvShape s, int r0, int r1, float[] dx, int dxOff) {
        if (s.rowsAdjoin()) {
            col2imAdjoining(col, colOff, ld, s, r0, r1, dx, dxOff);
            return;
        }
        int ow = s.ow(), sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, src = colOff + row * ld; r < r1; r++, src += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) continue;
                        int dst = plane + ih * s.w() + shift;
                        if (sw != 1) for (int q = lo, at = dst + lo * sw; q < hi; q++, at += sw) dx[at] += col[src + q];
                        else if (hi > lo) Simd.RUN_ADD.add(col, src + lo, dx, dst + lo, hi - lo);
                    }
                }
            }
        }
    }

    /**
     * {@link #im2col} where {@link ConvShape#rowsAdjoin()}: the rows of a kernel offset whose input row is inside
     * are one copy, after which the columns that read the padding (which the copy filled from the neighbouring
     * input row) are zeroed.
     */
    private static void im2colAdjoining(float[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, float[] col, int colOff, int ld) {
        int ow = s.ow();
        int offsets = s.kh() * s.kw(), row = k0 / offsets * offsets;
        colOff -= k0 * ld;   // row k0 is written at colOff
        for (int ch = k0 / offsets; ch < s.cg() && row < k1; ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                int rLo = s.firstRowInside(i, r0, r1), rHi = s.endRowInside(i, r0, r1);
                for (int j = 0; j < s.kw(); j++, row++) {
                    if (row < k0 || row >= k1) continue;
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    int base = colOff + row * ld - r0 * ow;
                    if (lo == hi) {   // this kernel column reads only padding
                        Arrays.fill(col, base + r0 * ow, base + r1 * ow, 0f);
                        continue;
                    }
                    Arrays.fill(col, base + r0 * ow, base + rLo * ow, 0f);
                    Arrays.fill(col, base + rHi * ow, base + r1 * ow, 0f);
                    if (rLo == rHi) continue;
                    int src = plane + s.inputRow(rLo, i) * s.w() + shift;
                    int first = base + rLo * ow, length = (rHi - rLo) * ow - lo - (ow - hi);
                    System.arraycopy(x, src + lo, col, first + lo, length);
                    for (int d = first; d < base + rHi * ow; d += ow) {
                        for (int q = 0; q < lo; q++) col[d + q] = 0f;
                        for (int q = hi; q < ow; q++) col[d + q] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} where {@link ConvShape#rowsAdjoin()}: the entries that stand for padding are zeroed in
     * {@code col} (their gradient goes nowhere), so the rows of a kernel offset whose input row is inside are
     * one add.
     */
    private static void col2imAdjoining(float[] col, int colOff, int ld, ConvShape s, int r0, int r1, float[] dx, int dxOff) {
        int ow = s.ow();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                int rLo = s.firstRowInside(i, r0, r1), rHi = s.endRowInside(i, r0, r1);
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    if (rLo == rHi || lo == hi) continue;
                    int first = colOff + row * ld + (rLo - r0) * ow, end = first + (rHi - rLo) * ow;
                    for (int d = first; d < end; d += ow) {
                        for (int q = 0; q < lo; q++) col[d + q] = 0f;
                        for (int q = hi; q < ow; q++) col[d + q] = 0f;
                    }
                    int dst = plane + s.inputRow(rLo, i) * s.w() + shift;
                    Simd.RUN_ADD.add(col, first + lo, dx, dst + lo, end - first - lo - (ow - hi));
                }
            }
        }
    }

    static void im2col(double[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, double[] col, int colOff, int ld) {
        if (s.rowsAdjoin()) {
            im2colAdjoining(x, xOff, s, r0, r1, k0, k1, col, colOff, ld);
            return;
        }
        int ow = s.ow(), sw = s.g().strideW();
        int offsets = s.kh() * s.kw(), row = k0 / offsets * offsets;
        colOff -= k0 * ld;   // row k0 is written at colOff
        for (int ch = k0 / offsets; ch < s.cg() && row < k1; ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    if (row < k0 || row >= k1) continue;
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, dst = colOff + row * ld; r < r1; r++, dst += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) {
                            Arrays.fill(col, dst, dst + ow, 0.0);
                            continue;
                        }
                        int src = plane + ih * s.w() + shift;
                        // runs are short here (strided small maps): plain loops, no calls into fill or copy stubs
                        for (int q = 0; q < lo; q++) col[dst + q] = 0.0;
                        if (sw != 1) for (int q = lo, at = src + lo * sw; q < hi; q++, at += sw) col[dst + q] = x[at];
                        else if (hi > lo) System.arraycopy(x, src + lo, col, dst + lo, hi - lo);   // with hi == lo, src + lo may be before the array
                        for (int q = hi; q < ow; q++) col[dst + q] = 0.0;
                    }
                }
            }
        }
    }

    static void col2im(double[] col, int colOff, int ld, ConvShape s, int r0, int r1, double[] dx, int dxOff) {
        if (s.rowsAdjoin()) {
            col2imAdjoining(col, colOff, ld, s, r0, r1, dx, dxOff);
            return;
        }
        int ow = s.ow(), sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, src = colOff + row * ld; r < r1; r++, src += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) continue;
                        int dst = plane + ih * s.w() + shift;
                        if (sw != 1) for (int q = lo, at = dst + lo * sw; q < hi; q++, at += sw) dx[at] += col[src + q];
                        else if (hi > lo) Simd.RUN_ADD.add(col, src + lo, dx, dst + lo, hi - lo);
                    }
                }
            }
        }
    }

    /**
     * {@link #im2col} where {@link ConvShape#rowsAdjoin()}: the rows of a kernel offset whose input row is inside
     * are one copy, after which the columns that read the padding (which the copy filled from the neighbouring
     * input row) are zeroed.
     */
    private static void im2colAdjoining(double[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, double[] col, int colOff, int ld) {
        int ow = s.ow();
        int offsets = s.kh() * s.kw(), row = k0 / offsets * offsets;
        colOff -= k0 * ld;   // row k0 is written at colOff
        for (int ch = k0 / offsets; ch < s.cg() && row < k1; ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                int rLo = s.firstRowInside(i, r0, r1), rHi = s.endRowInside(i, r0, r1);
                for (int j = 0; j < s.kw(); j++, row++) {
                    if (row < k0 || row >= k1) continue;
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    int base = colOff + row * ld - r0 * ow;
                    if (lo == hi) {   // this kernel column reads only padding
                        Arrays.fill(col, base + r0 * ow, base + r1 * ow, 0.0);
                        continue;
                    }
                    Arrays.fill(col, base + r0 * ow, base + rLo * ow, 0.0);
                    Arrays.fill(col, base + rHi * ow, base + r1 * ow, 0.0);
                    if (rLo == rHi) continue;
                    int src = plane + s.inputRow(rLo, i) * s.w() + shift;
                    int first = base + rLo * ow, length = (rHi - rLo) * ow - lo - (ow - hi);
                    System.arraycopy(x, src + lo, col, first + lo, length);
                    for (int d = first; d < base + rHi * ow; d += ow) {
                        for (int q = 0; q < lo; q++) col[d + q] = 0.0;
                        for (int q = hi; q < ow; q++) col[d + q] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} where {@link ConvShape#rowsAdjoin()}: the entries that stand for padding are zeroed in
     * {@code col} (their gradient goes nowhere), so the rows of a kernel offset whose input row is inside are
     * one add.
     */
    private static void col2imAdjoining(double[] col, int colOff, int ld, ConvShape s, int r0, int r1, double[] dx, int dxOff) {
        int ow = s.ow();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                int rLo = s.firstRowInside(i, r0, r1), rHi = s.endRowInside(i, r0, r1);
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    if (rLo == rHi || lo == hi) continue;
                    int first = colOff + row * ld + (rLo - r0) * ow, end = first + (rHi - rLo) * ow;
                    for (int d = first; d < end; d += ow) {
                        for (int q = 0; q < lo; q++) col[d + q] = 0.0;
                        for (int q = hi; q < ow; q++) col[d + q] = 0.0;
                    }
                    int dst = plane + s.inputRow(rLo, i) * s.w() + shift;
                    Simd.RUN_ADD.add(col, first + lo, dx, dst + lo, end - first - lo - (ow - hi));
                }
            }
        }
    }
}
