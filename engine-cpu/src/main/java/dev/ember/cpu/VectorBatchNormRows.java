package dev.ember.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link BatchNormRows}: the sums in four 4-lane double accumulators over blocks of sixteen floats (the
 * order {@link ScalarBatchNormRows} fixes, as {@link VectorReductionRows} does), the elementwise steps in the
 * preferred float width; each loop ends in a scalar tail with the same arithmetic. Loaded by name from {@link Simd}
 * only.
 */
final class VectorBatchNormRows implements BatchNormRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final boolean FIXED_ORDER_VECTORS = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    private static final ScalarBatchNormRows SCALAR = new ScalarBatchNormRows();

    @Override
    public double squaredDeviations(float[] x, int start, int n, double mean) {
        if (!FIXED_ORDER_VECTORS) return SCALAR.squaredDeviations(x, start, n, mean);
        DoubleVector a0 = DoubleVector.zero(D4), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, x, start + i);
            FloatVector w = FloatVector.fromArray(F8, x, start + i + 8);
            DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D4, 0)).sub(mean);
            DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D4, 1)).sub(mean);
            DoubleVector d2 = ((DoubleVector) w.convertShape(VectorOperators.F2D, D4, 0)).sub(mean);
            DoubleVector d3 = ((DoubleVector) w.convertShape(VectorOperators.F2D, D4, 1)).sub(mean);
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            double d = x[start + i] - mean;
            s = Math.fma(d, d, s);
        }
        return s;
    }

    @Override
    public double dotDeviations(float[] dy, float[] x, int start, int n, double mean) {
        if (!FIXED_ORDER_VECTORS) return SCALAR.dotDeviations(dy, x, start, n, mean);
        DoubleVector a0 = DoubleVector.zero(D4), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, x, start + i);
            FloatVector w = FloatVector.fromArray(F8, x, start + i + 8);
            FloatVector gv = FloatVector.fromArray(F8, dy, start + i);
            FloatVector gw = FloatVector.fromArray(F8, dy, start + i + 8);
            a0 = ((DoubleVector) gv.convertShape(VectorOperators.F2D, D4, 0))
                    .fma(((DoubleVector) v.convertShape(VectorOperators.F2D, D4, 0)).sub(mean), a0);
            a1 = ((DoubleVector) gv.convertShape(VectorOperators.F2D, D4, 1))
                    .fma(((DoubleVector) v.convertShape(VectorOperators.F2D, D4, 1)).sub(mean), a1);
            a2 = ((DoubleVector) gw.convertShape(VectorOperators.F2D, D4, 0))
                    .fma(((DoubleVector) w.convertShape(VectorOperators.F2D, D4, 0)).sub(mean), a2);
            a3 = ((DoubleVector) gw.convertShape(VectorOperators.F2D, D4, 1))
                    .fma(((DoubleVector) w.convertShape(VectorOperators.F2D, D4, 1)).sub(mean), a3);
        }
        double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s = Math.fma(dy[start + i], x[start + i] - mean, s);
        return s;
    }

    /** Lane 0 + lane 1 + lane 2 + lane 3, in that order: {@code reduceLanes(ADD)} leaves its order unspecified. */
    private static double lanesInOrder(DoubleVector c) {
        double s = 0;
        for (int l = 0; l < 4; l++) s += c.lane(l);
        return s;
    }

    @Override
    public void normalize(float[] x, int start, int n, float mean, float scale, float shift, float[] out) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, start + i).sub(mean).fma(scale, shift).intoArray(out, start + i);
        }
        for (; i < n; i++) out[start + i] = Math.fma(x[start + i] - mean, scale, shift);
    }

    @Override
    public void inputGradient(float[] dy, float[] x, int start, int n, float mean, float k, float p, float q, float[] dx) {
        FloatVector minusP = FloatVector.broadcast(F, -p);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, dy, start + i).fma(k, -q);
            FloatVector.fromArray(F, x, start + i).sub(mean).fma(minusP, g).intoArray(dx, start + i);
        }
        for (; i < n; i++) dx[start + i] = Math.fma(x[start + i] - mean, -p, Math.fma(dy[start + i], k, -q));
    }
}
