package dev.ember.cpu;

/**
 * The steps of {@link CpuBatchNorm} on one contiguous float32 run (one channel of one sample). Sums are in double,
 * in the fixed order of {@link ScalarReductionRows#sum(float[], int, int)}; elementwise steps are one {@code fma}
 * after a float subtraction. The scalar and the Vector API implementations do the same operations in the same
 * order, so they give the same bits.
 */
interface BatchNormRows {
    /** {@code sum((x[i] - mean)^2)} over {@code x[start, start + n)}, each term {@code fma(d, d, partial)} in double. */
    double squaredDeviations(float[] x, int start, int n, double mean);

    /** {@code sum(dy[i] * (x[i] - mean))}, each term {@code fma(dy, d, partial)} in double. */
    double dotDeviations(float[] dy, float[] x, int start, int n, double mean);

    /** {@code out[i] = fma(x[i] - mean, scale, shift)} in float. */
    void normalize(float[] x, int start, int n, float mean, float scale, float shift, float[] out);

    /** {@code dx[i] = fma(x[i] - mean, -p, fma(dy[i], k, -q))} in float: batch norm's input gradient. */
    void inputGradient(float[] dy, float[] x, int start, int n, float mean, float k, float p, float q, float[] dx);
}
