package dev.ember.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax rows with the Vector API: a max pass, a pass that exponentiates (storing the exponentials for
 * softmax) and sums, and a scaling pass; the sum is kept in float lanes per row and finished in double.
 * Loaded by name from {@link Simd} only.
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
        FloatVector sums = FloatVector.zero(FLOATS);
        for (int i = 0; i < whole; i += LANES) {
            FloatVector e = FloatVector.fromArray(FLOATS, x, xi + i).sub(shift).lanewise(VectorOperators.EXP);
            if (!log) e.intoArray(out, oi + i);
            sums = sums.add(e);
        }
        double sum = sums.reduceLanes(VectorOperators.ADD);
        for (int i = whole; i < n; i++) {
            float e = (float) Math.exp(x[xi + i] - max);
            if (!log) out[oi + i] = e;
            sum += e;
        }
        if (log) {
            FloatVector offset = FloatVector.broadcast(FLOATS, (float) (max + Math.log(sum)));
            for (int i = 0; i < whole; i += LANES) FloatVector.fromArray(FLOATS, x, xi + i).sub(offset).intoArray(out, oi + i);
            float tail = (float) (max + Math.log(sum));
            for (int i = whole; i < n; i++) out[oi + i] = x[xi + i] - tail;
        } else {
            FloatVector scale = FloatVector.broadcast(FLOATS, (float) (1 / sum));
            for (int i = 0; i < whole; i += LANES) FloatVector.fromArray(FLOATS, out, oi + i).mul(scale).intoArray(out, oi + i);
            float tail = (float) (1 / sum);
            for (int i = whole; i < n; i++) out[oi + i] *= tail;
        }
    }
}
