package dev.ember.cpu;

/**
 * Convolution and its two gradients through im2col and the blocked GEMM, in the element type of the arrays
 * ({@code float[]} computes in float32, {@code double[]} in float64). Per image and group, with {@code col}
 * the {@code [kc, oH*oW]} column matrix of the input patches:
 * <ul>
 *   <li>forward: {@code y = W col};
 *   <li>input gradient: {@code dx = col2im(Wᵀ dy)};
 *   <li>weight gradient: {@code dWᵀ = Σ col dyᵀ} over the images.
 * </ul>
 * Work is split over images (and groups): each thread builds its column tiles in its own reused buffer and
 * runs single-thread GEMMs. With fewer images than threads they run one after another and each GEMM is split
 * instead. The weight gradient is split instead by rows of {@code dWᵀ} (input channels and kernel offsets), a block
 * of rows per thread, each block summing every image in order and building only its rows of the column matrices;
 * the blocks start on micro-tile boundaries, so every bit of dW is the same at any thread count. Buffers are per
 * thread and reused from call to call, so a call allocates no arrays. A pointwise kernel (see {@link ConvShape#pointwise()}) skips
 * im2col. Small output maps (see {@link ConvShape#imagesPerTile()}) put several images side by side in one column
 * matrix, so that each product covers several images (one GEMM for a whole batch of 1x1 maps); there the float32
 * forward and input gradient pack W (Wᵀ) once per call for all the tiles' products.
 */
abstract class Im2colConvolution<A> {
    static final Im2colConvolution<float[]> FLOAT = new Floats();
    static final Im2colConvolution<double[]> DOUBLE = new Doubles();

    /** This thread's column buffer, at least {@code size} long, reused by every call on the thread. */
    abstract A columns(int size);

    /** The calling thread's buffer for the transposed weight gradient, at least {@code size} long; reused likewise. */
    abstract A partials(int size);

    /** Rows of the GEMM micro-kernel's tile in this element type: the weight gradient's row blocks start at multiples. */
    abstract int rowsPerSliver();

    /** This thread's buffer for a product's other operand or result in whole-image tiles; reused likewise. */
    abstract A staging(int size);

    /** Rows {@code [k0, k1)} of the column matrix of output rows {@code [r0, r1)} (see {@link Im2col}). */
    abstract void im2col(A x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, A col, int colOff, int ld);

    abstract void col2im(A col, int colOff, int ld, ConvShape s, int r0, int r1, A dx, int dxOff);

    abstract void zero(A a, int from, int to);

    /** {@code dw[g][f][k] = dwt[g][k][f]}: the transposed weight gradient, transposed back. */
    abstract void transpose(A dwt, int groups, int kc, int mg, A dw);

    /** {@code C (+)= A B} with {@link FloatGemm}'s arguments; {@code parallel} lets {@link Gemm} split it over threads. */
    abstract void gemm(boolean parallel, int m, int n, int k, A a, int aOff, int aRs, int aCs, A b, int bOff, int bRs, int bCs,
                       A c, int cOff, int ldc, boolean accumulate);

    /**
     * Every group's {@code m x k} A (group {@code gi}'s at {@code off + gi * groupStride}) packed once for the products
     * of all column tiles, or null where this element type packs per product; group {@code gi}'s panels start at
     * {@code gi * } {@link #packedSize}.
     */
    abstract A packWeights(int groups, int m, int k, A a, int off, int groupStride, int aRs, int aCs);

    abstract int packedSize(int m, int k);

    /**
     * {@link #gemm} where A is also available packed ({@code packed} from {@link #packWeights}, this product's panels
     * at {@code pOff}): the same bits either way.
     */
    abstract void gemmPacked(boolean parallel, A packed, int pOff, int m, int n, int k, A a, int aOff, int aRs, int aCs,
                             A b, int bOff, int bRs, int bCs, A c, int cOff, int ldc, boolean accumulate);

    private interface Unit {
        void run(int unit, boolean parallelGemm);
    }

    /** Units on threads of their own when there are enough to share out, else one by one with split GEMMs. */
    private static void forEachUnit(int units, long work, Unit body) {
        boolean outer = units >= Parallel.threads();
        Parallel.forRange(units, outer ? work : 0, (start, end) -> {
            for (int u = start; u < end; u++) body.run(u, !outer);
        });
    }

    final void forward(ConvShape s, A x, A w, A y) {
        if (s.wholeInput()) {
            // y[ni, f] = Σ_k x[ni, k] w[f, k]: the images are A's rows, Wᵀ is w read with its strides swapped
            forEachUnit(s.groups(), s.work(), (gi, parallel) -> gemm(parallel, s.n(), s.mg(), s.kc(),
                    x, gi * s.kc(), s.c() * s.inPlane(), 1, w, gi * s.mg() * s.kc(), 1, s.kc(), y, gi * s.mg(), s.m(), false));
            return;
        }
        if (s.imagesPerTile() > 1) {
            forwardImages(s, x, w, y);
            return;
        }
        int kc = s.kc(), p = s.p(), ow = s.ow(), groups = s.groups();
        forEachUnit(s.n() * groups, s.work(), (u, parallel) -> {
            int ni = u / groups, gi = u % groups;
            int xOff = (ni * s.c() + gi * s.cg()) * s.inPlane();
            int wOff = gi * s.mg() * kc;
            int yOff = (ni * s.m() + gi * s.mg()) * p;
            if (s.pointwise()) {
                gemm(parallel, s.mg(), p, kc, w, wOff, kc, 1, x, xOff, p, 1, y, yOff, p, false);
                return;
            }
            int rows = s.tileRows();
            A col = columns(kc * rows * ow);
            for (int r0 = 0; r0 < s.oh(); r0 += rows) {
                int r1 = Math.min(s.oh(), r0 + rows), pt = (r1 - r0) * ow;
                im2col(x, xOff, s, r0, r1, 0, kc, col, 0, pt);
                gemm(parallel, s.mg(), pt, kc, w, wOff, kc, 1, col, 0, pt, 1, y, yOff + r0 * ow, p, false);
            }
        });
    }

    final void backwardInput(ConvShape s, A dy, A w, A dx) {
        if (s.wholeInput()) {
            // dx[ni, k] = Σ_f dy[ni, f] w[f, k]
            forEachUnit(s.groups(), s.work(), (gi, parallel) -> gemm(parallel, s.n(), s.kc(), s.mg(),
                    dy, gi * s.mg(), s.m(), 1, w, gi * s.mg() * s.kc(), s.kc(), 1, dx, gi * s.kc(), s.c() * s.inPlane(), false));
            return;
        }
        if (s.imagesPerTile() > 1) {
            backwardInputImages(s, dy, w, dx);
            return;
        }
        int kc = s.kc(), p = s.p(), ow = s.ow(), groups = s.groups();
        forEachUnit(s.n() * groups, s.work(), (u, parallel) -> {
            int ni = u / groups, gi = u % groups;
            int dxOff = (ni * s.c() + gi * s.cg()) * s.inPlane();
            int wOff = gi * s.mg() * kc;
            int dyOff = (ni * s.m() + gi * s.mg()) * p;
            // Wᵀ [kc, mg] is w [mg, kc] read with its strides swapped
            if (s.pointwise()) {
                gemm(parallel, kc, p, s.mg(), w, wOff, 1, kc, dy, dyOff, p, 1, dx, dxOff, p, false);
                return;
            }
            zero(dx, dxOff, dxOff + s.cg() * s.inPlane());
            int rows = s.tileRows();
            A col = columns(kc * rows * ow);
            for (int r0 = 0; r0 < s.oh(); r0 += rows) {
                int r1 = Math.min(s.oh(), r0 + rows), pt = (r1 - r0) * ow;
                gemm(parallel, kc, pt, s.mg(), w, wOff, 1, kc, dy, dyOff + r0 * ow, p, 1, col, 0, pt, false);
                col2im(col, 0, pt, s, r0, r1, dx, dxOff);
            }
        });
    }

    final void backwardWeight(ConvShape s, A x, A dy, A dw) {
        int kc = s.kc(), mg = s.mg(), groups = s.groups(), sliver = rowsPerSliver();
        // dWᵀ is computed in blocks of its rows (the column matrix's rows: input channels and kernel offsets), a
        // block per thread, each summing every image in order. A block starts on a micro-tile boundary, so each
        // element goes through the same micro-kernel steps as in one product over all the rows: every bit of dW is
        // the same at any thread count, and there are no per-thread partial gradients to add
        int blocks = s.work() >= Parallel.MIN_PARALLEL_WORK ? Math.min(Parallel.threads(), Math.ceilDiv(kc, sliver)) : 1;
        int blockRows = Math.ceilDiv(Math.ceilDiv(kc, blocks), sliver) * sliver;
        int used = Math.ceilDiv(kc, blockRows);
        boolean outer = used > 1;
        A dwt = partials(groups * kc * mg);
        Parallel.forRange(used, outer ? Long.MAX_VALUE : 0, (start, end) -> {
            for (int b = start; b < end; b++) {
                int k0 = b * blockRows, k1 = Math.min(kc, k0 + blockRows);
                for (int gi = 0; gi < groups; gi++) {
                    zero(dwt, gi * kc * mg + k0 * mg, gi * kc * mg + k1 * mg);
                    weightGradient(s, gi, k0, k1, x, dy, dwt, !outer);
                }
            }
        });
        transpose(dwt, groups, kc, mg, dw);
    }

    /**
     * Rows {@code [k0, k1)} of group {@code gi}'s block of the transposed weight gradient {@code dwt}, summed over
     * every image in order: {@code dWᵀ += col dyᵀ}. Transposed, the large column matrix is the GEMM's A, packed
     * from contiguous rows, and the strided read falls on the smaller {@code dy} (10% faster than
     * {@code dW += dy colᵀ} on a 32-to-64-channel 3x3 layer).
     */
    private void weightGradient(ConvShape s, int gi, int k0, int k1, A x, A dy, A dwt, boolean parallel) {
        int kc = s.kc(), mg = s.mg(), p = s.p(), ow = s.ow(), rows = k1 - k0;
        int cOff = gi * kc * mg + k0 * mg;
        if (s.wholeInput()) {
            // dWᵀ[k, f] += Σ_ni x[ni, k] dy[ni, f]: xᵀ is A, read with its strides swapped
            gemm(parallel, rows, mg, s.n(), x, gi * kc + k0, 1, s.c() * s.inPlane(), dy, gi * mg, s.m(), 1, dwt, cOff, mg, true);
            return;
        }
        if (s.pointwise()) {
            for (int ni = 0; ni < s.n(); ni++) {
                gemm(parallel, rows, mg, p, x, (ni * s.c() + gi * s.cg() + k0) * p, p, 1, dy, (ni * s.m() + gi * mg) * p, 1, p,
                        dwt, cOff, mg, true);
            }
            return;
        }
        int per = s.imagesPerTile();
        if (per > 1) {
            for (int i0 = 0; i0 < s.n(); i0 += per) {
                int i1 = Math.min(s.n(), i0 + per), cols = (i1 - i0) * p;
                A col = columns(rows * cols);
                imagesToColumns(s, x, i0, i1, gi, k0, k1, col, cols);
                A grads = staging(mg * cols);
                gatherOutputs(s, dy, i0, i1, gi, grads, cols);
                gemm(parallel, rows, mg, cols, col, 0, cols, 1, grads, 0, 1, cols, dwt, cOff, mg, true);
            }
            return;
        }
        int tile = s.tileRows();
        A col = columns(rows * tile * ow);
        for (int ni = 0; ni < s.n(); ni++) {
            int xOff = (ni * s.c() + gi * s.cg()) * s.inPlane();
            int dyOff = (ni * s.m() + gi * mg) * p;
            for (int r0 = 0; r0 < s.oh(); r0 += tile) {
                int r1 = Math.min(s.oh(), r0 + tile), pt = (r1 - r0) * ow;
                im2col(x, xOff, s, r0, r1, k0, k1, col, 0, pt);
                gemm(parallel, rows, mg, pt, col, 0, pt, 1, dy, dyOff + r0 * ow, 1, p, dwt, cOff, mg, true);
            }
        }
    }

    /*
     * Whole-image tiles (ConvShape.imagesPerTile() > 1): images [i0, i1) of group gi side by side, so that the
     * column matrix is [kc, (i1 - i0) * p] with image b's columns at b * p. The output map's rows of those images
     * are gathered into (or scattered from) a [mg, (i1 - i0) * p] staging matrix laid out the same way.
     */

    private void forwardImages(ConvShape s, A x, A w, A y) {
        int kc = s.kc(), p = s.p(), mg = s.mg(), groups = s.groups(), per = s.imagesPerTile();
        A packed = packWeights(groups, mg, kc, w, 0, mg * kc, kc, 1);
        forEachUnit(Math.ceilDiv(s.n(), per) * groups, s.work(), (u, parallel) -> {
            int i0 = u / groups * per, i1 = Math.min(s.n(), i0 + per), gi = u % groups, cols = (i1 - i0) * p;
            A col = columns(kc * cols);
            imagesToColumns(s, x, i0, i1, gi, 0, kc, col, cols);
            A out = staging(mg * cols);
            gemmPacked(parallel, packed, gi * packedSize(mg, kc), mg, cols, kc, w, gi * mg * kc, kc, 1, col, 0, cols, 1,
                    out, 0, cols, false);
            for (int b = 0; b < i1 - i0; b++) {
                for (int f = 0; f < mg; f++) System.arraycopy(out, f * cols + b * p, y, ((i0 + b) * s.m() + gi * mg + f) * p, p);
            }
        });
    }

    private void backwardInputImages(ConvShape s, A dy, A w, A dx) {
        int kc = s.kc(), p = s.p(), mg = s.mg(), groups = s.groups(), per = s.imagesPerTile();
        A packed = packWeights(groups, kc, mg, w, 0, mg * kc, 1, kc);   // Wᵀ: w with its strides swapped
        forEachUnit(Math.ceilDiv(s.n(), per) * groups, s.work(), (u, parallel) -> {
            int i0 = u / groups * per, i1 = Math.min(s.n(), i0 + per), gi = u % groups, cols = (i1 - i0) * p;
            A grads = staging(mg * cols);
            gatherOutputs(s, dy, i0, i1, gi, grads, cols);
            A col = columns(kc * cols);
            gemmPacked(parallel, packed, gi * packedSize(kc, mg), kc, cols, mg, w, gi * mg * kc, 1, kc, grads, 0, cols, 1,
                    col, 0, cols, false);
            for (int b = 0; b < i1 - i0; b++) {
                int dxOff = ((i0 + b) * s.c() + gi * s.cg()) * s.inPlane();
                zero(dx, dxOff, dxOff + s.cg() * s.inPlane());
                col2im(col, b * p, cols, s, 0, s.oh(), dx, dxOff);
            }
        });
    }

    /** Rows {@code [k0, k1)} of the column matrix of images {@code [i0, i1)}, group {@code gi}, side by side. */
    private void imagesToColumns(ConvShape s, A x, int i0, int i1, int gi, int k0, int k1, A col, int cols) {
        for (int b = 0; b < i1 - i0; b++) {
            im2col(x, ((i0 + b) * s.c() + gi * s.cg()) * s.inPlane(), s, 0, s.oh(), k0, k1, col, b * s.p(), cols);
        }
    }

    /** {@code grads[f][b * p + q] = dy[i0 + b][gi * mg + f][q]}. */
    private static <A> void gatherOutputs(ConvShape s, A dy, int i0, int i1, int gi, A grads, int cols) {
        int p = s.p(), mg = s.mg();
        for (int b = 0; b < i1 - i0; b++) {
            for (int f = 0; f < mg; f++) System.arraycopy(dy, ((i0 + b) * s.m() + gi * mg + f) * p, grads, f * cols + b * p, p);
        }
    }

    private static final class Floats extends Im2colConvolution<float[]> {
        private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][0]);

        @Override
        float[] packWeights(int groups, int m, int k, float[] a, int off, int groupStride, int aRs, int aCs) {
            int size = packedSize(m, k);
            float[] packed = buffer(3, groups * size);
            for (int g = 0; g < groups; g++) FloatGemm.packA(m, k, a, off + g * groupStride, aRs, aCs, packed, g * size);
            return packed;
        }

        @Override int packedSize(int m, int k) { return FloatGemm.packedASize(m, k); }

        @Override
        void gemmPacked(boolean parallel, float[] packed, int pOff, int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                        float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
            if (parallel) gemm(true, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            else FloatGemm.multiplyPacked(m, n, k, packed, pOff, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }

        @Override float[] columns(int size) { return buffer(0, size); }

        @Override float[] partials(int size) { return buffer(1, size); }

        @Override float[] staging(int size) { return buffer(2, size); }

        private static float[] buffer(int which, int size) {
            float[][] held = BUFFERS.get();
            if (held[which].length < size) held[which] = new float[size];
            return held[which];
        }

        @Override
        void im2col(float[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, float[] col, int colOff, int ld) {
            if (PaddedIm2col.suits(s)) PaddedIm2col.im2col(x, xOff, s, r0, r1, k0, k1, col, colOff, ld);
            else Im2col.im2col(x, xOff, s, r0, r1, k0, k1, col, colOff, ld);
        }

        @Override
        void col2im(float[] col, int colOff, int ld, ConvShape s, int r0, int r1, float[] dx, int dxOff) {
            if (PaddedIm2col.suits(s)) PaddedIm2col.col2im(col, colOff, ld, s, r0, r1, dx, dxOff);
            else Im2col.col2im(col, colOff, ld, s, r0, r1, dx, dxOff);
        }

        @Override void zero(float[] a, int from, int to) { java.util.Arrays.fill(a, from, to, 0f); }

        @Override int rowsPerSliver() { return Simd.MICRO_KERNEL.floatRows(); }

        @Override
        void transpose(float[] dwt, int groups, int kc, int mg, float[] dw) {
            for (int g = 0; g < groups; g++) {
                int base = g * kc * mg;
                for (int k0 = 0; k0 < kc; k0 += 16) {   // 16 rows of dwt at a time: each dw row gets a run of 16
                    int k1 = Math.min(kc, k0 + 16);
                    for (int f = 0; f < mg; f++) {
                        int to = base + f * kc;
                        for (int k = k0; k < k1; k++) dw[to + k] = dwt[base + k * mg + f];
                    }
                }
            }
        }

        @Override
        void gemm(boolean parallel, int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                  float[] c, int cOff, int ldc, boolean accumulate) {
            if (parallel) {
                Gemm.multiply(1, m, n, k, a, new MatrixLayout(aOff, 0, aRs, aCs), b, new MatrixLayout(bOff, 0, bRs, bCs),
                        c, new MatrixLayout(cOff, 0, ldc, 1), accumulate);
            } else {
                FloatGemm.multiply(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            }
        }
    }

    private static final class Doubles extends Im2colConvolution<double[]> {
        private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(() -> new double[3][0]);

        @Override
        double[] packWeights(int groups, int m, int k, double[] a, int off, int groupStride, int aRs, int aCs) { return null; }

        @Override int packedSize(int m, int k) { return 0; }

        @Override
        void gemmPacked(boolean parallel, double[] packed, int pOff, int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                        double[] b, int bOff, int bRs, int bCs, double[] c, int cOff, int ldc, boolean accumulate) {
            gemm(parallel, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }

        @Override double[] columns(int size) { return buffer(0, size); }

        @Override double[] partials(int size) { return buffer(1, size); }

        @Override double[] staging(int size) { return buffer(2, size); }

        private static double[] buffer(int which, int size) {
            double[][] held = BUFFERS.get();
            if (held[which].length < size) held[which] = new double[size];
            return held[which];
        }

        @Override
        void im2col(double[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, double[] col, int colOff, int ld) {
            Im2col.im2col(x, xOff, s, r0, r1, k0, k1, col, colOff, ld);
        }

        @Override
        void col2im(double[] col, int colOff, int ld, ConvShape s, int r0, int r1, double[] dx, int dxOff) {
            Im2col.col2im(col, colOff, ld, s, r0, r1, dx, dxOff);
        }

        @Override void zero(double[] a, int from, int to) { java.util.Arrays.fill(a, from, to, 0.0); }

        @Override int rowsPerSliver() { return Simd.MICRO_KERNEL.doubleRows(); }

        @Override
        void transpose(double[] dwt, int groups, int kc, int mg, double[] dw) {
            for (int g = 0; g < groups; g++) {
                int base = g * kc * mg;
                for (int k0 = 0; k0 < kc; k0 += 16) {   // 16 rows of dwt at a time: each dw row gets a run of 16
                    int k1 = Math.min(kc, k0 + 16);
                    for (int f = 0; f < mg; f++) {
                        int to = base + f * kc;
                        for (int k = k0; k < k1; k++) dw[to + k] = dwt[base + k * mg + f];
                    }
                }
            }
        }

        @Override
        void gemm(boolean parallel, int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                  double[] c, int cOff, int ldc, boolean accumulate) {
            if (parallel) {
                Gemm.multiply(1, m, n, k, a, new MatrixLayout(aOff, 0, aRs, aCs), b, new MatrixLayout(bOff, 0, bRs, bCs),
                        c, new MatrixLayout(cOff, 0, ldc, 1), accumulate);
            } else {
                DoubleGemm.multiply(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            }
        }
    }
}
