package dev.ember.cpu;

/** Plain-Java {@link BatchNormRows}, for JVMs without the Vector API, and the reference its SIMD twin must match. */
final class ScalarBatchNormRows implements BatchNormRows {
    private static final int BLOCK = ScalarReductionRows.BLOCK;

    @Override
    public double squaredDeviations(float[] x, int start, int n, double mean) {
        double[] p = new double[BLOCK];
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) {
            for (int j = 0; j < BLOCK; j++) {
                double d = x[start + i + j] - mean;
                p[j] = Math.fma(d, d, p[j]);
            }
        }
        double s = combine(p);
        for (; i < n; i++) {
            double d = x[start + i] - mean;
            s = Math.fma(d, d, s);
        }
        return s;
    }

    @Override
    public double dotDeviations(float[] dy, float[] x, int start, int n, double mean) {
        double[] p = new double[BLOCK];
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) {
            for (int j = 0; j < BLOCK; j++) p[j] = Math.fma(dy[start + i + j], x[start + i + j] - mean, p[j]);
        }
        double s = combine(p);
        for (; i < n; i++) s = Math.fma(dy[start + i], x[start + i] - mean, s);
        return s;
    }

    /** The order of {@link ScalarReductionRows}: four lanes of four partial sums each, then the lanes in turn. */
    static double combine(double[] p) {
        double s = 0;
        for (int l = 0; l < 4; l++) s += (p[l] + p[4 + l]) + (p[8 + l] + p[12 + l]);
        return s;
    }

    @Override
    public void normalize(float[] x, int start, int n, float mean, float scale, float shift, float[] out) {
        for (int i = start; i < start + n; i++) out[i] = Math.fma(x[i] - mean, scale, shift);
    }

    @Override
    public void inputGradient(float[] dy, float[] x, int start, int n, float mean, float k, float p, float q, float[] dx) {
        for (int i = start; i < start + n; i++) dx[i] = Math.fma(x[i] - mean, -p, Math.fma(dy[i], k, -q));
    }
}
