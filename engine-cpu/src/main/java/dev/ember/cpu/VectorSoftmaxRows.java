package dev.ember.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax rows with the Vector API: a max pass, a pass that stores the exponentials ({@link FloatVectorMath}), their
 * sum in the fixed order of {@link ReductionRows}, and a pass that scales (softmax) or subtracts (log-softmax).
 * Every step gives the bits of {@link ScalarSoftmaxRows}: the maximum is exact in any order, the scalar tails use
 * {@link FloatMath}, which the vector code matches. Loaded by name from {@link Simd} only.
 */
final class VectorSoftmaxRows implements SoftmaxRows {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();

    @Override
    public void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log) {
        int whole = n - n % LANES;
        FloatVector maxes = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < whole; i += LANES) maxes = maxes.max(FloatVector.fromArray(FLOATS, x, xi + i));
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (int i = whole; i < n; i++) max = Math.max(max, x[xi + i]);
        FloatVector shift = FloatVector.broadcast(FLOATS, max);
        for (int i = 0; i < whole; i += LANES) {
            FloatVectorMath.exp(FloatVector.fromArray(FLOATS, x, xi + i).sub(shift)).intoArray(out, oi + i);
        }
        for (int i = whole; i < n; i++) out[oi + i] = FloatMath.exp(x[xi + i] - max);
        double sum = Simd.REDUCTION_ROWS.reduce(dev.ember.backend.ReduceOp.SUM, out, oi, n);
        if (log) {
            float offset = ScalarSoftmaxRows.offset(max, sum);
            FloatVector offsets = FloatVector.broadcast(FLOATS, offset);
            for (int i = 0; i < whole; i += LANES) FloatVector.fromArray(FLOATS, x, xi + i).sub(offsets).intoArray(out, oi + i);
            for (int i = whole; i < n; i++) out[oi + i] = x[xi + i] - offset;
        } else {
            float scale = (float) (1 / sum);
            FloatVector scales = FloatVector.broadcast(FLOATS, scale);
            for (int i = 0; i < whole; i += LANES) FloatVector.fromArray(FLOATS, out, oi + i).mul(scales).intoArray(out, oi + i);
            for (int i = whole; i < n; i++) out[oi + i] *= scale;
        }
    }
}
