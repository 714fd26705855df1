package dev.ember.cpu;

/**
 * The one matrix-multiply entry every CPU kernel uses (matmul, convolution and its gradients):
 * {@code C[b] (+)= A[b] B[b]} for a batch of products, in float32 or float64, on {@link MatrixLayout}s of any
 * strides (C's columns must be contiguous). The float32 product also takes A and B as half bits ({@code short[]},
 * {@code char[]}: see {@link FloatGemm}). Large work is split over the threads: whole products when the batch
 * is at least as large as the thread count, otherwise each float32 product of a tall enough A by rows around one
 * shared packed panel of B, and any other in stripes of C's longer side.
 */
final class Gemm {
    private Gemm() {}

    /** Below this many multiply-adds a product stays on the calling thread. */
    static final long PARALLEL_WORK = 1L << 18;

    private interface Piece {
        void run(int batch, int rowStart, int rowEnd, int colStart, int colEnd);
    }

    static void multiply(int batches, int m, int n, int k, Object a, MatrixLayout al, Object b, MatrixLayout bl,
                         float[] c, MatrixLayout cl, boolean accumulate) {
        MicroKernel kernel = Simd.MICRO_KERNEL;
        if (sharesPanel(batches, m, n, k, kernel.floatRows())) {
            for (int bi = 0; bi < batches; bi++) {
                FloatGemm.multiplyShared(m, n, k, a, al.offset() + bi * al.batchStride(), al.rowStride(), al.colStride(),
                        b, bl.offset() + bi * bl.batchStride(), bl.rowStride(), bl.colStride(),
                        c, cl.offset() + bi * cl.batchStride(), cl.rowStride(), accumulate);
            }
            return;
        }
        split(batches, m, n, k, kernel.floatRows(), kernel.floatCols(), (bi, r0, r1, c0, c1) ->
                FloatGemm.multiply(r1 - r0, c1 - c0, k,
                        a, al.offset() + bi * al.batchStride() + r0 * al.rowStride(), al.rowStride(), al.colStride(),
                        b, bl.offset() + bi * bl.batchStride() + c0 * bl.colStride(), bl.rowStride(), bl.colStride(),
                        c, cl.offset() + bi * cl.batchStride() + r0 * cl.rowStride() + c0, cl.rowStride(), accumulate));
    }

    static void multiply(int batches, int m, int n, int k, double[] a, MatrixLayout al, double[] b, MatrixLayout bl,
                         double[] c, MatrixLayout cl, boolean accumulate) {
        MicroKernel kernel = Simd.MICRO_KERNEL;
        split(batches, m, n, k, kernel.doubleRows(), kernel.doubleCols(), (bi, r0, r1, c0, c1) ->
                DoubleGemm.multiply(r1 - r0, c1 - c0, k,
                        a, al.offset() + bi * al.batchStride() + r0 * al.rowStride(), al.rowStride(), al.colStride(),
                        b, bl.offset() + bi * bl.batchStride() + c0 * bl.colStride(), bl.rowStride(), bl.colStride(),
                        c, cl.offset() + bi * cl.batchStride() + r0 * cl.rowStride() + c0, cl.rowStride(), accumulate));
    }

    private static boolean parallel(int batches, int m, int n, int k) {
        return Parallel.threads() > 1 && (long) batches * m * n * Math.max(k, 1) >= PARALLEL_WORK;
    }

    /**
     * Whether each product is better split by rows around one B panel packed for all threads
     * ({@link FloatGemm#multiplyShared}) than into stripes of C: when there are fewer products than threads, and A
     * is tall enough that every thread gets several micro-tiles of rows (a short, wide A is cheap to pack on every
     * thread, and stripes of its columns keep each B sliver in use for a whole stripe).
     */
    private static boolean sharesPanel(int batches, int m, int n, int k, int mr) {
        int threads = Parallel.threads();
        return k > 0 && batches < threads && parallel(batches, m, n, k) && 2L * m >= n && m >= 4L * mr * threads;
    }

    private static void split(int batches, int m, int n, int k, int mr, int nr, Piece piece) {
        if (batches == 0 || m == 0 || n == 0) return;
        int threads = Parallel.threads();
        boolean parallel = parallel(batches, m, n, k);
        int perProduct = !parallel || batches >= threads ? 1 : (threads + batches - 1) / batches;
        boolean splitCols = n >= m;
        int step = splitCols ? nr : mr;
        int extent = splitCols ? n : m;
        int chunk = ((extent + perProduct - 1) / perProduct + step - 1) / step * step;
        int pieces = (extent + chunk - 1) / chunk;
        Parallel.forRange(batches * pieces, parallel ? Long.MAX_VALUE : 0, (start, end) -> {
            for (int u = start; u < end; u++) {
                int bi = u / pieces;
                int lo = (u % pieces) * chunk;
                int hi = Math.min(extent, lo + chunk);
                if (splitCols) piece.run(bi, 0, m, lo, hi);
                else piece.run(bi, lo, hi, 0, n);
            }
        });
    }
}
