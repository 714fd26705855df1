package dev.ember.cpu;

/** Softmax and log-softmax along contiguous rows, rows split over threads; float32 rows in SIMD where enabled. */
final class CpuSoftmax {
    private CpuSoftmax() {}

    static void softmax(CpuStorage x, int rows, int length, boolean log, CpuStorage out) {
        Parallel.forRange(rows, (long) rows * length * 8, (start, end) -> {
            for (int r = start; r < end; r++) {
                int at = r * length;
                switch (x.array) {
                    case float[] xf -> Simd.SOFTMAX_ROWS.softmax(xf, at, (float[]) out.array, at, length, log);
                    case double[] xd -> row(xd, at, (double[]) out.array, length, log);
                    default -> throw new IllegalArgumentException("softmax needs float32 or float64, got " + x.dtype);
                }
            }
        });
    }

    private static void row(double[] x, int at, double[] out, int n, boolean log) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[at + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += DoubleMath.exp(x[at + i] - max);
        if (log) {
            double shift = max + DoubleMath.log(sum);
            for (int i = 0; i < n; i++) out[at + i] = x[at + i] - shift;
        } else {
            for (int i = 0; i < n; i++) out[at + i] = DoubleMath.exp(x[at + i] - max) / sum;
        }
    }
}
