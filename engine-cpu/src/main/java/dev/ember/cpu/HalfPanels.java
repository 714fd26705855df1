package dev.ember.cpu;

import dev.ember.backend.HalfConversions;

/**
 * {@link FloatGemm}'s packing for half operands: reads the float16 ({@code short[]}) or bfloat16 ({@code char[]}) bits
 * of A and B and writes float32 panels, the same panels FloatGemm packs from a float32 copy of them (every half value
 * is exactly a float32), so a half product runs the float32 micro-kernel with no widened copy of its operands and gives
 * the bits the widened copy gave. The array's type is looked at once per run of elements, not per element.
 *
 * <pre>{@code
 * HalfPanels.packA(mc, kc, mr, bits, off, rs, cs, scratch.a);   // as FloatGemm.packA on the widened values
 * }</pre>
 */
final class HalfPanels {
    private HalfPanels() {}

    static boolean isHalf(Object array) { return array instanceof short[] || array instanceof char[]; }

    /** {@code mc x kc} of A into slivers of {@code mr} rows, column by column; rows past {@code mc} are zero. */
    static void packA(int mc, int kc, int mr, Object a, int off, int rs, int cs, float[] dst) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (rs == 1 && cs != 1) {   // stored transposed: a sliver's rows at one p are a contiguous run
                for (int p = 0; p < kc; p++) {
                    int d = base + p * mr;
                    widen(a, off + ir + p * cs, 1, rows, dst, d, 1);
                    java.util.Arrays.fill(dst, d + rows, d + mr, 0f);
                }
                continue;
            }
            for (int r = 0; r < rows; r++) widen(a, off + (ir + r) * rs, cs, kc, dst, base + r, mr);
            for (int r = rows; r < mr; r++) {
                for (int p = 0, d = base + r; p < kc; p++, d += mr) dst[d] = 0f;
            }
        }
    }

    /**
     * {@code kc x nc} of B into slivers of {@code nr} columns from {@code dst[dOff]}, row by row; columns past
     * {@code nc} are zero.
     */
    static void packB(int kc, int nc, int nr, Object b, int off, int rs, int cs, float[] dst, int dOff) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = dOff + jr * kc;
            if (rs == 1 && cs != 1) {   // stored transposed: read each column along its contiguous run
                for (int j = 0; j < cols; j++) widen(b, off + (jr + j) * cs, 1, kc, dst, base + j, nr);
                for (int j = cols; j < nr; j++) {
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = 0f;
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int d = base + p * nr;
                widen(b, off + p * rs + jr * cs, cs, cols, dst, d, 1);
                java.util.Arrays.fill(dst, d + cols, d + nr, 0f);
            }
        }
    }

    /** {@code n} half values from {@code start} ({@code stride} apart) as float32 into {@code dst} ({@code dStride} apart). */
    private static void widen(Object src, int start, int stride, int n, float[] dst, int dStart, int dStride) {
        switch (src) {
            case char[] h -> {
                for (int i = 0, s = start, d = dStart; i < n; i++, s += stride, d += dStride) dst[d] = Float.intBitsToFloat(h[s] << 16);
            }
            case short[] h -> {
                for (int i = 0, s = start, d = dStart; i < n; i++, s += stride, d += dStride) dst[d] = HalfConversions.float16ToFloat(h[s]);
            }
            default -> throw new IllegalArgumentException("not half bits: " + src.getClass().getSimpleName());
        }
    }
}
