package dev.ember.cpu;

/**
 * Single-thread blocked float32 GEMM in the Goto/BLIS scheme: {@code C[m,n] (+)= A[m,k] B[k,n]}. B is packed a
 * {@code KC x NC} block at a time into slivers as wide as the micro-kernel, A an {@code MC x KC} block at a time
 * into slivers as tall as it, so the micro-kernel streams both from cache. A and B may have any element strides
 * (a transposed operand is only a swap of strides, absorbed by the packing); C has unit column stride. A and B are
 * {@code float[]}, or the bits of a half type ({@code short[]} float16, {@code char[]} bfloat16) that
 * {@link HalfPanels} widens while it packs: a half product multiplies and adds in float32 into a float32 C.
 */
final class FloatGemm {
    private FloatGemm() {}

    static final int KC = 256;
    static final int MC = 144;
    static final int NC = 3072;

    /** Per-thread packing buffers, reused by every call on that thread. */
    static final class Scratch {
        final float[] a;
        final float[] b;
        final float[] tile;

        Scratch(MicroKernel kernel) {
            a = new float[MC * KC];
            b = new float[KC * (NC + kernel.floatCols())];
            tile = new float[kernel.floatRows() * kernel.floatCols()];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(Simd.MICRO_KERNEL));

    static void multiply(int m, int n, int k, Object a, int aOff, int aRs, int aCs, Object b, int bOff, int bRs, int bCs,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        MicroKernel kernel = Simd.MICRO_KERNEL;
        int mr = kernel.floatRows();
        int nr = kernel.floatCols();
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (b instanceof float[] bf) packB(kc, nc, nr, bf, bOff + pc * bRs + jc * bCs, bRs, bCs, s.b);
                else HalfPanels.packB(kc, nc, nr, b, bOff + pc * bRs + jc * bCs, bRs, bCs, s.b);
                boolean acc = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (a instanceof float[] af) packA(mc, kc, mr, af, aOff + ic * aRs + pc * aCs, aRs, aCs, s.a);
                    else HalfPanels.packA(mc, kc, mr, a, aOff + ic * aRs + pc * aCs, aRs, aCs, s.a);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr) {
                                kernel.multiply(kc, s.a, ir * kc, s.b, jr * kc, c, ci, ldc, acc);
                            } else {
                                kernel.multiply(kc, s.a, ir * kc, s.b, jr * kc, s.tile, 0, nr, false);
                                for (int r = 0; r < rows; r++) {
                                    int ti = r * nr;
                                    int cr = ci + r * ldc;
                                    if (acc) for (int j = 0; j < cols; j++) c[cr + j] += s.tile[ti + j];
                                    else System.arraycopy(s.tile, ti, c, cr, cols);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code mc x kc} of A into slivers of {@code mr} rows, column by column; rows past {@code mc} are zero. */
    private static void packA(int mc, int kc, int mr, float[] a, int off, int rs, int cs, float[] dst) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (rs == 1 && cs != 1) {
                // A stored transposed (a convolution's input gradient reads its weight so): a sliver's rows at one
                // p are a contiguous run; read along it rather than striding down each row (DCGAN's layers spent
                // more time here than in the micro-kernel)
                for (int p = 0; p < kc; p++) {
                    int src = off + ir + p * cs, d = base + p * mr;
                    for (int r = 0; r < rows; r++) dst[d + r] = a[src + r];
                    for (int r = rows; r < mr; r++) dst[d + r] = 0f;
                }
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int src = off + (ir + r) * rs;
                if (cs == 1) {
                    for (int p = 0, d = base + r; p < kc; p++, d += mr) dst[d] = a[src + p];
                } else {
                    for (int p = 0, d = base + r; p < kc; p++, d += mr) dst[d] = a[src + p * cs];
                }
            }
            for (int r = rows; r < mr; r++) {
                for (int p = 0, d = base + r; p < kc; p++, d += mr) dst[d] = 0f;
            }
        }
    }

    /** {@code kc x nc} of B into slivers of {@code nr} columns, row by row; columns past {@code nc} are zero. */
    private static void packB(int kc, int nc, int nr, float[] b, int off, int rs, int cs, float[] dst) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (rs == 1 && cs != 1) {
                // B stored transposed: read each column along its contiguous run, write it down the sliver
                for (int j = 0; j < cols; j++) {
                    int src = off + (jr + j) * cs;
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = b[src + p];
                }
                for (int j = cols; j < nr; j++) {
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = 0f;
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int d = base + p * nr;
                int src = off + p * rs + jr * cs;
                if (cs == 1) {
                    System.arraycopy(b, src, dst, d, cols);
                } else {
                    for (int j = 0; j < cols; j++) dst[d + j] = b[src + j * cs];
                }
                for (int j = cols; j < nr; j++) dst[d + j] = 0f;
            }
        }
    }
}
