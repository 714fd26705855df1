package dev.ember.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax rows with the Vector API: a max pass, a pass that stores the exponentials
 * ({@link FloatVectorMath#expNonPositive}, as {@code x - max <= 0}) and adds them up as it goes, in the fixed order of
 * {@link ScalarReductionRows#sum(float[], int, int)} (its sixteen partial sums held as double lanes, combined at the
 * end of the row as it combines them), and a pass that scales (softmax) or subtracts (log-softmax; it does not store
 * the exponentials at all).
 * Every step gives the bits of {@link ScalarSoftmaxRows}: the maximum is exact in any order, the scalar tails use
 * {@link FloatMath}, which the vector code matches. Loaded by name from {@link Simd} only.
 */
final class VectorSoftmaxRows implements SoftmaxRows {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** The fused pass needs a block of sixteen floats to be one float vector (AVX-512) or two (AVX2), widening into two or four double vectors. */
    private static final boolean FUSED = (LANES == 16 || LANES == 8) && DOUBLES.length() * 2 == LANES;

    @Override
    public void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log) {
        int whole = n - n % LANES;
        float max = max(x, xi, n);
        double sum;
        if (FUSED) {
            sum = LANES == 16 ? expSum16(x, xi, out, oi, n, max, !log) : expSum8(x, xi, out, oi, n, max, !log);
        } else {
            FloatVector shift = FloatVector.broadcast(FLOATS, max);
            for (int i = 0; i < whole; i += LANES) {
                FloatVectorMath.expNonPositive(FloatVector.fromArray(FLOATS, x, xi + i).sub(shift)).intoArray(out, oi + i);
            }
            for (int i = whole; i < n; i++) out[oi + i] = FloatMath.exp(x[xi + i] - max);
            sum = Simd.REDUCTION_ROWS.reduce(dev.ember.backend.ReduceOp.SUM, out, oi, n);
        }
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

    /**
     * The row's maximum, in eight running vectors: Java's max (NaN and -0 aware) is several instructions, so one
     * chain of them is bound by their latency (three times slower on a row of 1024). Exact in any order.
     */
    private static float max(float[] x, int xi, int n) {
        FloatVector m0 = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0;
        int i = 0;
        for (; i <= n - 8 * LANES; i += 8 * LANES) {
            m0 = m0.max(FloatVector.fromArray(FLOATS, x, xi + i));
            m1 = m1.max(FloatVector.fromArray(FLOATS, x, xi + i + LANES));
            m2 = m2.max(FloatVector.fromArray(FLOATS, x, xi + i + 2 * LANES));
            m3 = m3.max(FloatVector.fromArray(FLOATS, x, xi + i + 3 * LANES));
            m4 = m4.max(FloatVector.fromArray(FLOATS, x, xi + i + 4 * LANES));
            m5 = m5.max(FloatVector.fromArray(FLOATS, x, xi + i + 5 * LANES));
            m6 = m6.max(FloatVector.fromArray(FLOATS, x, xi + i + 6 * LANES));
            m7 = m7.max(FloatVector.fromArray(FLOATS, x, xi + i + 7 * LANES));
        }
        for (; i <= n - LANES; i += LANES) m0 = m0.max(FloatVector.fromArray(FLOATS, x, xi + i));
        float max = m0.max(m1).max(m2.max(m3)).max(m4.max(m5).max(m6.max(m7))).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, x[xi + i]);
        return max;
    }

    /**
     * {@code exp(x - max)} of the row, stored when {@code store}, and its sum in {@link ScalarReductionRows}' order,
     * with 16-float vectors: the partial sums {@code p[0..7]} and {@code p[8..15]} are the lanes of two double vectors.
     */
    private static double expSum16(float[] x, int xi, float[] out, int oi, int n, float max, boolean store) {
        FloatVector shift = FloatVector.broadcast(FLOATS, max);
        DoubleVector lo = DoubleVector.zero(DOUBLES), hi = lo;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector e = FloatVectorMath.expNonPositive(FloatVector.fromArray(FLOATS, x, xi + i).sub(shift));
            if (store) e.intoArray(out, oi + i);
            lo = lo.add(e.convertShape(VectorOperators.F2D, DOUBLES, 0));
            hi = hi.add(e.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        double[] p = new double[16];
        lo.intoArray(p, 0);
        hi.intoArray(p, 8);
        return tail(x, xi, out, oi, i, n, max, store, ScalarReductionRows.combine(p));
    }

    /** {@link #expSum16} with 8-float vectors (AVX2): two per block, the sixteen partial sums in four double vectors. */
    private static double expSum8(float[] x, int xi, float[] out, int oi, int n, float max, boolean store) {
        FloatVector shift = FloatVector.broadcast(FLOATS, max);
        DoubleVector p0 = DoubleVector.zero(DOUBLES), p1 = p0, p2 = p0, p3 = p0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector e = FloatVectorMath.expNonPositive(FloatVector.fromArray(FLOATS, x, xi + i).sub(shift));
            FloatVector f = FloatVectorMath.expNonPositive(FloatVector.fromArray(FLOATS, x, xi + i + 8).sub(shift));
            if (store) {
                e.intoArray(out, oi + i);
                f.intoArray(out, oi + i + 8);
            }
            p0 = p0.add(e.convertShape(VectorOperators.F2D, DOUBLES, 0));
            p1 = p1.add(e.convertShape(VectorOperators.F2D, DOUBLES, 1));
            p2 = p2.add(f.convertShape(VectorOperators.F2D, DOUBLES, 0));
            p3 = p3.add(f.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        double[] p = new double[16];
        p0.intoArray(p, 0);
        p1.intoArray(p, 4);
        p2.intoArray(p, 8);
        p3.intoArray(p, 12);
        return tail(x, xi, out, oi, i, n, max, store, ScalarReductionRows.combine(p));
    }

    /** The last {@code n - i} (fewer than sixteen) exponentials, added one by one to {@code sum}. */
    private static double tail(float[] x, int xi, float[] out, int oi, int i, int n, float max, boolean store, double sum) {
        for (; i < n; i++) {
            float e = FloatMath.exp(x[xi + i] - max);
            if (store) out[oi + i] = e;
            sum += e;
        }
        return sum;
    }
}
