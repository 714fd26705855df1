package dev.ember.cpu;

/**
 * Blocked float32 GEMM in the Goto/BLIS scheme: {@code C[m,n] (+)= A[m,k] B[k,n]}. B is packed a
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
        int nr = kernel.floatCols();
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, nr, b, bOff + pc * bRs + jc * bCs, bRs, bCs, s.b, 0);
                rows(m, nc, kc, a, aOff + pc * aCs, aRs, aCs, s.b, c, cOff + jc, ldc, accumulate || pc > 0, s, null, 0);
            }
        }
    }

    /** Length of {@link #packA(int, int, float[], int, int, int, float[], int)}'s panels of an {@code m x k} A. */
    static int packedASize(int m, int k) {
        int mr = Simd.MICRO_KERNEL.floatRows();
        return Math.ceilDiv(m, mr) * mr * k;
    }

    /**
     * A whole {@code m x k} A packed as {@link #multiply} packs it block by block, from {@code dst[dOff]}: the
     * {@code KC}-column block at {@code pc} and {@code MC}-row block at {@code ic} starts at
     * {@code pc * roundUp(m, mr) + ic * kc}. For an A that several products share (a convolution's weights, once per
     * call instead of once per tile of columns); {@link #multiplyPacked} reads it.
     */
    static void packA(int m, int k, float[] a, int aOff, int aRs, int aCs, float[] dst, int dOff) {
        int mr = Simd.MICRO_KERNEL.floatRows(), padded = Math.ceilDiv(m, mr) * mr;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MC) {
                packA(Math.min(MC, m - ic), kc, mr, a, aOff + pc * aCs + ic * aRs, aRs, aCs, dst, dOff + pc * padded + ic * kc);
            }
        }
    }

    /**
     * {@link #multiply} with A already packed by {@link #packA(int, int, float[], int, int, int, float[], int)} from
     * {@code packed[pOff]}: the same micro-kernel steps on the same values, so the same bits.
     */
    static void multiplyPacked(int m, int n, int k, float[] packed, int pOff, Object b, int bOff, int bRs, int bCs,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0 || k == 0) {
            multiply(m, n, k, packed, 0, 0, 0, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        MicroKernel kernel = Simd.MICRO_KERNEL;
        int nr = kernel.floatCols(), padded = Math.ceilDiv(m, kernel.floatRows()) * kernel.floatRows();
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, nr, b, bOff + pc * bRs + jc * bCs, bRs, bCs, s.b, 0);
                rows(m, nc, kc, null, 0, 0, 0, s.b, c, cOff + jc, ldc, accumulate || pc > 0, s, packed, pOff + pc * padded);
            }
        }
    }

    /**
     * The same product on several threads that share one packed B panel: for each {@code KC x NC} block of B the
     * threads pack its slivers between them, then split the rows of A (whole micro-tiles, so every tile and its
     * order of additions are those of {@link #multiply}: the bits do not depend on the thread count) and each
     * packs only its own rows of A. Per-thread column stripes instead would have every thread pack all of A.
     */
    static void multiplyShared(int m, int n, int k, Object a, int aOff, int aRs, int aCs, Object b, int bOff, int bRs,
                               int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0 || k == 0) {
            multiply(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        MicroKernel kernel = Simd.MICRO_KERNEL;
        int mr = kernel.floatRows();
        int nr = kernel.floatCols();
        int tiles = (m + mr - 1) / mr;
        SharedPanel shared = SHARED_PANEL.get();
        // a caller that is itself a pool worker can run another product while it waits for this one's pieces
        float[] panel = shared.busy ? new float[shared.b.length] : shared.b;
        boolean owner = !shared.busy;
        shared.busy = true;
        try {
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                int slivers = (nc + nr - 1) / nr;
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    int bAt = bOff + pc * bRs + jc * bCs;
                    Parallel.forRange(slivers, (long) kc * nc, (s0, s1) -> {
                        int j0 = s0 * nr;
                        packB(kc, Math.min(nc, s1 * nr) - j0, nr, b, bAt + j0 * bCs, bRs, bCs, panel, j0 * kc);
                    });
                    int aAt = aOff + pc * aCs, cAt = cOff + jc;
                    boolean acc = accumulate || pc > 0;
                    Parallel.forRange(tiles, Long.MAX_VALUE, (t0, t1) -> {
                        int r0 = t0 * mr;
                        rows(Math.min(m, t1 * mr) - r0, nc, kc, a, aAt + r0 * aRs, aRs, aCs, panel, c, cAt + r0 * ldc, ldc,
                                acc, SCRATCH.get(), null, 0);
                    });
                }
            }
        } finally {
            if (owner) shared.busy = false;
        }
    }

    /** The calling thread's B panel for {@link #multiplyShared}, which the other threads read. */
    private static final class SharedPanel {
        final float[] b = new float[KC * (NC + Simd.MICRO_KERNEL.floatCols())];
        boolean busy;
    }

    private static final ThreadLocal<SharedPanel> SHARED_PANEL = ThreadLocal.withInitial(SharedPanel::new);

    /**
     * {@code m} rows of A ({@code kc} columns from {@code aOff}) times a packed {@code kc x nc} panel of B into C,
     * {@code MC} rows of A packed at a time, or read from {@code packedA} (its block at {@code pAt}) when given.
     */
    private static void rows(int m, int nc, int kc, Object a, int aOff, int aRs, int aCs, float[] packedB,
                             float[] c, int cOff, int ldc, boolean acc, Scratch s, float[] packedA, int pAt) {
        MicroKernel kernel = Simd.MICRO_KERNEL;
        int mr = kernel.floatRows();
        int nr = kernel.floatCols();
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            float[] pa = s.a;
            int at = 0;
            if (packedA == null) {
                packA(mc, kc, mr, a, aOff + ic * aRs, aRs, aCs, s.a);
            } else {
                pa = packedA;
                at = pAt + ic * kc;
            }
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir);
                    int ci = cOff + (ic + ir) * ldc + jr;
                    if (rows == mr && cols == nr) {
                        kernel.multiply(kc, pa, at + ir * kc, packedB, jr * kc, c, ci, ldc, acc);
                    } else {
                        kernel.multiply(kc, pa, at + ir * kc, packedB, jr * kc, s.tile, 0, nr, false);
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

    private static void packA(int mc, int kc, int mr, Object a, int off, int rs, int cs, float[] dst) {
        if (a instanceof float[] af) packA(mc, kc, mr, af, off, rs, cs, dst, 0);
        else HalfPanels.packA(mc, kc, mr, a, off, rs, cs, dst);
    }

    private static void packB(int kc, int nc, int nr, Object b, int off, int rs, int cs, float[] dst, int dOff) {
        if (b instanceof float[] bf) packB(kc, nc, nr, bf, off, rs, cs, dst, dOff);
        else HalfPanels.packB(kc, nc, nr, b, off, rs, cs, dst, dOff);
    }

    /**
     * {@code mc x kc} of A into slivers of {@code mr} rows, column by column, from {@code dst[dOff]}; rows past
     * {@code mc} are zero.
     */
    private static void packA(int mc, int kc, int mr, float[] a, int off, int rs, int cs, float[] dst, int dOff) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = dOff + ir * kc;
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

    /**
     * {@code kc x nc} of B into slivers of {@code nr} columns, row by row, from {@code dst[dOff]}; columns past
     * {@code nc} are zero.
     */
    private static void packB(int kc, int nc, int nr, float[] b, int off, int rs, int cs, float[] dst, int dOff) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = dOff + jr * kc;
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
