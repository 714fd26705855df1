package dev.ember.cpu;

/**
 * The one matrix-multiply routine every CPU kernel uses (matmul, convolution and its gradients):
 * {@code C = op(A) * op(B) (+ C)} on packed row-major double arrays with leading dimensions. Rows of C are
 * split across threads for large products. The inner loop is an axpy over a row of B, which the JIT
 * vectorises; a blocked, packed SIMD version belongs here when the CPU performance work replaces it.
 */
final class Gemm {
    private Gemm() {}

    /**
     * @param transA A is stored as {@code [K, M]} (read transposed)
     * @param transB B is stored as {@code [N, K]} (read transposed)
     * @param accumulate add into C instead of overwriting it
     */
    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double[] c, int cOff, int ldc, boolean accumulate) {
        // B read transposed is packed once so the inner loop always runs along a contiguous row
        double[] bp = b;
        int bpOff = bOff;
        int ldbp = ldb;
        if (transB) {
            bp = new double[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) bp[p * n + j] = b[bOff + j * ldb + p];
            }
            bpOff = 0;
            ldbp = n;
        }
        double[] bRows = bp;
        int bRowsOff = bpOff;
        int ldbRows = ldbp;
        Parallel.forRange(m, (long) m * n * k, (start, end) -> {
            for (int i = start; i < end; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bi = bRowsOff + p * ldbRows;
                    for (int j = 0; j < n; j++) c[ci + j] += av * bRows[bi + j];
                }
            }
        });
    }
}
