package dev.ember.cpu;

import dev.ember.backend.ReduceOp;

/**
 * Batch norm's training forward and backward over contiguous {@code [n, channels, inner]}, channels split over
 * threads. Each channel is computed whole by one thread, its runs visited in sample order, so the result does not
 * depend on the thread count. Per channel the forward reads the input twice (the mean, then the squared deviations
 * from it: two passes keep the variance exact where one pass of sums of squares would cancel) and writes the
 * output once; the backward reads {@code dy} and {@code x} once for the two sums and once more to write {@code dx}.
 * Sums are in double; float32 runs go through {@link BatchNormRows} (SIMD where enabled).
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {}

    static void forward(CpuStorage x, int n, int channels, int inner, CpuStorage weight, CpuStorage bias, double eps,
                        CpuStorage out, CpuStorage mean, CpuStorage var) {
        long count = (long) n * inner;
        Parallel.forRange(channels, count * channels * 4, (start, end) -> {
            for (int ch = start; ch < end; ch++) {
                switch (x.array) {
                    case float[] xf -> forward(xf, n, channels, inner, ch, count, (float[]) weightOrNull(weight),
                            (float[]) weightOrNull(bias), eps, (float[]) out.array, (float[]) mean.array, (float[]) var.array);
                    case double[] xd -> forward(xd, n, channels, inner, ch, count, (double[]) weightOrNull(weight),
                            (double[]) weightOrNull(bias), eps, (double[]) out.array, (double[]) mean.array, (double[]) var.array);
                    default -> throw new IllegalArgumentException("batchNorm needs float32 or float64, got " + x.dtype);
                }
            }
        });
    }

    static void backward(CpuStorage dy, CpuStorage x, int n, int channels, int inner, CpuStorage mean, CpuStorage var,
                         CpuStorage weight, double eps, CpuStorage dx, CpuStorage dWeight, CpuStorage dBias) {
        long count = (long) n * inner;
        Parallel.forRange(channels, count * channels * 6, (start, end) -> {
            for (int ch = start; ch < end; ch++) {
                switch (x.array) {
                    case float[] xf -> backward((float[]) dy.array, xf, n, channels, inner, ch, count, (float[]) mean.array,
                            (float[]) var.array, (float[]) weightOrNull(weight), eps, (float[]) weightOrNull(dx),
                            (float[]) weightOrNull(dWeight), (float[]) weightOrNull(dBias));
                    case double[] xd -> backward((double[]) dy.array, xd, n, channels, inner, ch, count, (double[]) mean.array,
                            (double[]) var.array, (double[]) weightOrNull(weight), eps, (double[]) weightOrNull(dx),
                            (double[]) weightOrNull(dWeight), (double[]) weightOrNull(dBias));
                    default -> throw new IllegalArgumentException("batchNorm needs float32 or float64, got " + x.dtype);
                }
            }
        });
    }

    private static Object weightOrNull(CpuStorage s) { return s == null ? null : s.array; }

    private static void forward(float[] x, int n, int channels, int inner, int ch, long count, float[] weight,
                                float[] bias, double eps, float[] out, float[] mean, float[] var) {
        BatchNormRows rows = Simd.BATCH_NORM_ROWS;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Simd.REDUCTION_ROWS.reduce(ReduceOp.SUM, x, (i * channels + ch) * inner, inner);
        double m = sum / count;
        double squares = 0;
        for (int i = 0; i < n; i++) squares += rows.squaredDeviations(x, (i * channels + ch) * inner, inner, m);
        double v = squares / count;
        mean[ch] = (float) m;
        var[ch] = (float) v;
        double invStd = 1 / Math.sqrt(v + eps);
        float scale = (float) (weight == null ? invStd : invStd * weight[ch]);
        float shift = bias == null ? 0 : bias[ch];
        for (int i = 0; i < n; i++) rows.normalize(x, (i * channels + ch) * inner, inner, (float) m, scale, shift, out);
    }

    private static void forward(double[] x, int n, int channels, int inner, int ch, long count, double[] weight,
                                double[] bias, double eps, double[] out, double[] mean, double[] var) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += ScalarReductionRows.sum(x, (i * channels + ch) * inner, inner);
        double m = sum / count;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            for (int j = (i * channels + ch) * inner, e = j + inner; j < e; j++) squares = Math.fma(x[j] - m, x[j] - m, squares);
        }
        double v = squares / count;
        mean[ch] = m;
        var[ch] = v;
        double invStd = 1 / Math.sqrt(v + eps);
        double scale = weight == null ? invStd : invStd * weight[ch];
        double shift = bias == null ? 0 : bias[ch];
        for (int i = 0; i < n; i++) {
            for (int j = (i * channels + ch) * inner, e = j + inner; j < e; j++) out[j] = Math.fma(x[j] - m, scale, shift);
        }
    }

    private static void backward(float[] dy, float[] x, int n, int channels, int inner, int ch, long count, float[] mean,
                                 float[] var, float[] weight, double eps, float[] dx, float[] dWeight, float[] dBias) {
        BatchNormRows rows = Simd.BATCH_NORM_ROWS;
        double m = mean[ch];
        double sumDy = 0;
        double sumDyXmu = 0;
        for (int i = 0; i < n; i++) {
            int at = (i * channels + ch) * inner;
            sumDy += Simd.REDUCTION_ROWS.reduce(ReduceOp.SUM, dy, at, inner);
            sumDyXmu += rows.dotDeviations(dy, x, at, inner, m);
        }
        double invStd = 1 / Math.sqrt(var[ch] + eps);
        if (dWeight != null) dWeight[ch] = (float) (sumDyXmu * invStd);
        if (dBias != null) dBias[ch] = (float) sumDy;
        if (dx == null) return;
        double k = weight == null ? invStd : invStd * weight[ch];
        float p = (float) (k * invStd * invStd * sumDyXmu / count);
        float q = (float) (k * sumDy / count);
        for (int i = 0; i < n; i++) rows.inputGradient(dy, x, (i * channels + ch) * inner, inner, mean[ch], (float) k, p, q, dx);
    }

    private static void backward(double[] dy, double[] x, int n, int channels, int inner, int ch, long count, double[] mean,
                                 double[] var, double[] weight, double eps, double[] dx, double[] dWeight, double[] dBias) {
        double m = mean[ch];
        double sumDy = 0;
        double sumDyXmu = 0;
        for (int i = 0; i < n; i++) {
            int at = (i * channels + ch) * inner;
            sumDy += ScalarReductionRows.sum(dy, at, inner);
            for (int j = at; j < at + inner; j++) sumDyXmu = Math.fma(dy[j], x[j] - m, sumDyXmu);
        }
        double invStd = 1 / Math.sqrt(var[ch] + eps);
        if (dWeight != null) dWeight[ch] = sumDyXmu * invStd;
        if (dBias != null) dBias[ch] = sumDy;
        if (dx == null) return;
        double k = weight == null ? invStd : invStd * weight[ch];
        double p = k * invStd * invStd * sumDyXmu / count;
        double q = k * sumDy / count;
        for (int i = 0; i < n; i++) {
            for (int j = (i * channels + ch) * inner, e = j + inner; j < e; j++) dx[j] = Math.fma(x[j] - m, -p, Math.fma(dy[j], k, -q));
        }
    }
}
