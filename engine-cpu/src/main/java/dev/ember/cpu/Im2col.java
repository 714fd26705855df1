package dev.ember.cpu;

import java.util.Arrays;

/**
 * The patch copies of an im2col convolution, for one image and group and a tile of output rows
 * {@code [r0, r1)}: {@code im2col} lays the input patches out as the columns of a {@code [kc, (r1-r0)*ow]}
 * matrix (padding reads as 0), {@code col2im} is its transpose and adds each column entry back to the input
 * position it came from. Each output row of a kernel offset is one run: zeros where the kernel hangs over the
 * padding, a copy (strided by the stride) in between, so there is no bounds test per element.
 */
final class Im2col {
    private Im2col() {}

    static void im2col(float[] x, int xOff, ConvShape s, int r0, int r1, float[] col) {
        int ow = s.ow(), pt = (r1 - r0) * ow, sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, dst = row * pt; r < r1; r++, dst += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + ih * s.w() + shift;
                        Arrays.fill(col, dst, dst + lo, 0f);
                        if (sw == 1) System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                        else for (int q = lo; q < hi; q++) col[dst + q] = x[src + q * sw];
                        Arrays.fill(col, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    static void col2im(float[] col, ConvShape s, int r0, int r1, float[] dx, int dxOff) {
        int ow = s.ow(), pt = (r1 - r0) * ow, sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, src = row * pt; r < r1; r++, src += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) continue;
                        int dst = plane + ih * s.w() + shift;
                        if (sw == 1) Simd.RUN_ADD.add(col, src + lo, dx, dst + lo, hi - lo);
                        else for (int q = lo; q < hi; q++) dx[dst + q * sw] += col[src + q];
                    }
                }
            }
        }
    }

    static void im2col(double[] x, int xOff, ConvShape s, int r0, int r1, double[] col) {
        int ow = s.ow(), pt = (r1 - r0) * ow, sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = xOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, dst = row * pt; r < r1; r++, dst += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) {
                            Arrays.fill(col, dst, dst + ow, 0.0);
                            continue;
                        }
                        int src = plane + ih * s.w() + shift;
                        Arrays.fill(col, dst, dst + lo, 0.0);
                        if (sw == 1) System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                        else for (int q = lo; q < hi; q++) col[dst + q] = x[src + q * sw];
                        Arrays.fill(col, dst + hi, dst + ow, 0.0);
                    }
                }
            }
        }
    }

    static void col2im(double[] col, ConvShape s, int r0, int r1, double[] dx, int dxOff) {
        int ow = s.ow(), pt = (r1 - r0) * ow, sw = s.g().strideW();
        int row = 0;
        for (int ch = 0; ch < s.cg(); ch++) {
            int plane = dxOff + ch * s.inPlane();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    int lo = s.firstInside(j), hi = s.endInside(j), shift = s.inputColumnShift(j);
                    for (int r = r0, src = row * pt; r < r1; r++, src += ow) {
                        int ih = s.inputRow(r, i);
                        if (ih < 0 || ih >= s.h()) continue;
                        int dst = plane + ih * s.w() + shift;
                        if (sw == 1) Simd.RUN_ADD.add(col, src + lo, dx, dst + lo, hi - lo);
                        else for (int q = lo; q < hi; q++) dx[dst + q * sw] += col[src + q];
                    }
                }
            }
        }
    }
}
