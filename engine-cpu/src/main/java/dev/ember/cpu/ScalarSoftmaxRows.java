package dev.ember.cpu;

/**
 * Scalar softmax rows, for JVMs without the Vector API, and the reference of {@link VectorSoftmaxRows}: the same
 * steps in float32 (exp by {@link FloatMath}, the sum in {@link ScalarReductionRows#sum(float[], int, int)}'s fixed
 * order), so both give the same bits.
 */
final class ScalarSoftmaxRows implements SoftmaxRows {
    @Override
    public void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[xi + i]);
        for (int i = 0; i < n; i++) out[oi + i] = FloatMath.exp(x[xi + i] - max);
        double sum = ScalarReductionRows.sum(out, oi, n);
        if (log) {
            float offset = offset(max, sum);
            for (int i = 0; i < n; i++) out[oi + i] = x[xi + i] - offset;
        } else {
            float scale = (float) (1 / sum);
            for (int i = 0; i < n; i++) out[oi + i] *= scale;
        }
    }

    /** What log-softmax subtracts: {@code max + log(sum)}, rounded once to float. */
    static float offset(float max, double sum) {
        return (float) (max + DoubleMath.log(sum));
    }
}
