package dev.ember.cpu;

/** Scalar softmax rows in double, for JVMs without the Vector API. */
final class ScalarSoftmaxRows implements SoftmaxRows {
    @Override
    public void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[xi + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[xi + i] - max);
        if (log) {
            double shift = max + Math.log(sum);
            for (int i = 0; i < n; i++) out[oi + i] = (float) (x[xi + i] - shift);
        } else {
            for (int i = 0; i < n; i++) out[oi + i] = (float) (Math.exp(x[xi + i] - max) / sum);
        }
    }
}
