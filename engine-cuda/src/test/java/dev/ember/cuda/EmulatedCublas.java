package dev.ember.cuda;

/**
 * cuBLAS's {@code gemmStridedBatched} over {@code double[]} "device memory", as its documentation defines it:
 * for each {@code p < batch}, {@code C_p = alpha op(A_p) op(B_p) + beta C_p}, where {@code op(A)} is {@code m x k},
 * {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}, every matrix is column-major (element {@code (r, c)} at
 * {@code r + c*ld}), {@code op(X)} is {@code X} or its transpose, and {@code X_p} starts {@code p * strideX} elements
 * after {@code X}. Pointers are element offsets into the arrays. Arguments cuBLAS rejects with
 * {@code CUBLAS_STATUS_INVALID_VALUE} throw; with {@code beta = 0}, {@code C} is not read.
 */
final class EmulatedCublas {
    private EmulatedCublas() {}

    static void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOffset, int lda, long strideA,
                                   double[] b, int bOffset, int ldb, long strideB, double beta,
                                   double[] c, int cOffset, int ldc, long strideC, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("CUBLAS_STATUS_INVALID_VALUE: m=" + m + " n=" + n + " k=" + k
                    + " batch=" + batch);
        }
        requireLd("lda", lda, transA ? k : m);
        requireLd("ldb", ldb, transB ? n : k);
        requireLd("ldc", ldc, m);
        for (int p = 0; p < batch; p++) {
            long aBase = aOffset + p * strideA;
            long bBase = bOffset + p * strideB;
            long cBase = cOffset + p * strideC;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) {
                        double x = a[Math.toIntExact(aBase + (transA ? l + (long) i * lda : i + (long) l * lda))];
                        double y = b[Math.toIntExact(bBase + (transB ? j + (long) l * ldb : l + (long) j * ldb))];
                        sum += x * y;
                    }
                    int at = Math.toIntExact(cBase + i + (long) j * ldc);
                    c[at] = beta == 0 ? alpha * sum : alpha * sum + beta * c[at];
                }
            }
        }
    }

    /** A leading dimension must be at least the stored matrix's row count, and at least 1. */
    private static void requireLd(String name, int ld, int storedRows) {
        if (ld < Math.max(1, storedRows)) {
            throw new IllegalArgumentException("CUBLAS_STATUS_INVALID_VALUE: " + name + "=" + ld
                    + " below max(1, " + storedRows + ")");
        }
    }
}
