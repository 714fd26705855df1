package dev.ember.cpu;

import dev.ember.backend.ReduceOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link ReductionRows}. Loaded by name from {@link Simd} only. Sums and products keep four independent
 * accumulators so consecutive adds do not wait for each other, in the order {@link ScalarReductionRows} fixes (so
 * both give the same bits); float32 is widened into double lanes (as accurate as float64; with 512-bit vectors as
 * fast from memory as a float-lane read loop, see {@link #wideSum}). MAX and
 * MIN are exact in any order, so they stay in the input's dtype. Each loop ends in a scalar tail with the same
 * arithmetic, and each op has a method of its own, so the JIT compiles every loop separately (see
 * {@link FloatVectorLoops} for why that matters).
 */
final class VectorReductionRows implements ReductionRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as one double vector has lanes: they widen into exactly one. */
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int FL = F.length();
    private static final int DL = D.length();
    /** The fixed-order sums' vectors: four doubles, and the eight floats that widen into two of them. */
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final boolean FIXED_ORDER_VECTORS = D.vectorBitSize() >= 256;
    /** The same sixteen partial sums as two 8-lane double vectors, where 512-bit vectors are native. */
    private static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
    private static final boolean WIDE_FIXED_ORDER = D.vectorBitSize() >= 512;

    @Override
    public double reduce(ReduceOp op, float[] x, int start, int n) {
        return switch (op) {
            case SUM -> sum(x, start, n);
            case PROD -> prod(x, start, n);
            case MAX -> max(x, start, n);
            case MIN -> min(x, start, n);
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        };
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int start, int n) {
        return switch (op) {
            case SUM -> sum(x, start, n);
            case PROD -> prod(x, start, n);
            case MAX -> max(x, start, n);
            case MIN -> min(x, start, n);
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        };
    }

    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(HALF, x, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /**
     * {@link ScalarReductionRows#sum(float[], int, int)}'s order, which is four 4-lane double accumulators over
     * blocks of sixteen: 256-bit vectors whatever the preferred width (the sum is bound by memory, not by the
     * adds), and the scalar code where 256-bit vectors are not native.
     */
    private static double sum(float[] x, int start, int n) {
        if (WIDE_FIXED_ORDER) return wideSum(x, start, n);
        if (!FIXED_ORDER_VECTORS) return ScalarReductionRows.sum(x, start, n);
        DoubleVector a0 = DoubleVector.zero(D4), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, x, start + i);
            FloatVector w = FloatVector.fromArray(F8, x, start + i + 8);
            a0 = a0.add(v.convertShape(VectorOperators.F2D, D4, 0));
            a1 = a1.add(v.convertShape(VectorOperators.F2D, D4, 1));
            a2 = a2.add(w.convertShape(VectorOperators.F2D, D4, 0));
            a3 = a3.add(w.convertShape(VectorOperators.F2D, D4, 1));
        }
        double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += x[start + i];
        return s;
    }

    /**
     * {@link #sum(float[], int, int)} with 512-bit vectors: partial sums 0-7 in {@code lo}, 8-15 in {@code hi}, each
     * fed by eight floats widened in one instruction ({@code vcvtps2pd zmm, m256}). Same adds in the same order, so
     * the same bits, in half the instructions of the 256-bit loop, whose four widenings (two of them after an
     * extract) per sixteen floats held it at about 40 GB/s from the caches on the benchmark machine's AMD EPYC
     * (this loop: 75-80 GB/s). Eight-float loads, not one 16-float load split afterwards: a 64-byte load from a
     * Java array (8-byte aligned) straddles two cache lines, and that loop read DRAM at 15-23 GB/s (33 when
     * 64-byte aligned) where this one reads 27-45, as fast as a plain float-lane read loop.
     */
    private static double wideSum(float[] x, int start, int n) {
        DoubleVector lo = DoubleVector.zero(D8), hi = lo;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            lo = lo.add(FloatVector.fromArray(F8, x, start + i).convertShape(VectorOperators.F2D, D8, 0));
            hi = hi.add(FloatVector.fromArray(F8, x, start + i + 8).convertShape(VectorOperators.F2D, D8, 0));
        }
        double s = 0;
        for (int l = 0; l < 4; l++) s += (lo.lane(l) + lo.lane(4 + l)) + (hi.lane(l) + hi.lane(4 + l));
        for (; i < n; i++) s += x[start + i];
        return s;
    }

    private static double sum(double[] x, int start, int n) {
        if (!FIXED_ORDER_VECTORS) return ScalarReductionRows.sum(x, start, n);
        DoubleVector a0 = DoubleVector.zero(D4), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            int p = start + i;
            a0 = a0.add(DoubleVector.fromArray(D4, x, p));
            a1 = a1.add(DoubleVector.fromArray(D4, x, p + 4));
            a2 = a2.add(DoubleVector.fromArray(D4, x, p + 8));
            a3 = a3.add(DoubleVector.fromArray(D4, x, p + 12));
        }
        double s = lanesInOrder(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += x[start + i];
        return s;
    }

    /** {@link ScalarReductionRows#prod(float[], int, int)}'s order, as {@link #sum(float[], int, int)} keeps the sum's. */
    private static double prod(float[] x, int start, int n) {
        if (!FIXED_ORDER_VECTORS) return ScalarReductionRows.prod(x, start, n);
        DoubleVector a0 = DoubleVector.broadcast(D4, 1), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            FloatVector v = FloatVector.fromArray(F8, x, start + i);
            FloatVector w = FloatVector.fromArray(F8, x, start + i + 8);
            a0 = a0.mul(v.convertShape(VectorOperators.F2D, D4, 0));
            a1 = a1.mul(v.convertShape(VectorOperators.F2D, D4, 1));
            a2 = a2.mul(w.convertShape(VectorOperators.F2D, D4, 0));
            a3 = a3.mul(w.convertShape(VectorOperators.F2D, D4, 1));
        }
        double s = lanesMultiplied(a0.mul(a1).mul(a2.mul(a3)));
        for (; i < n; i++) s *= x[start + i];
        return s;
    }

    private static double prod(double[] x, int start, int n) {
        if (!FIXED_ORDER_VECTORS) return ScalarReductionRows.prod(x, start, n);
        DoubleVector a0 = DoubleVector.broadcast(D4, 1), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i <= n - 16; i += 16) {
            int p = start + i;
            a0 = a0.mul(DoubleVector.fromArray(D4, x, p));
            a1 = a1.mul(DoubleVector.fromArray(D4, x, p + 4));
            a2 = a2.mul(DoubleVector.fromArray(D4, x, p + 8));
            a3 = a3.mul(DoubleVector.fromArray(D4, x, p + 12));
        }
        double s = lanesMultiplied(a0.mul(a1).mul(a2.mul(a3)));
        for (; i < n; i++) s *= x[start + i];
        return s;
    }

    /** 1 * lane 0 * lane 1 * lane 2 * lane 3, in that order. */
    private static double lanesMultiplied(DoubleVector c) {
        double s = 1;
        for (int l = 0; l < 4; l++) s *= c.lane(l);
        return s;
    }

    /** Lane 0 + lane 1 + lane 2 + lane 3, in that order: {@code reduceLanes(ADD)} leaves its order unspecified. */
    private static double lanesInOrder(DoubleVector c) {
        double s = 0;
        for (int l = 0; l < 4; l++) s += c.lane(l);
        return s;
    }

    private static double max(float[] x, int start, int n) {
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), m1 = m0;
        int i = 0;
        for (; i <= n - 2 * FL; i += 2 * FL) {
            m0 = m0.max(FloatVector.fromArray(F, x, start + i));
            m1 = m1.max(FloatVector.fromArray(F, x, start + i + FL));
        }
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[start + i]);
        return m;
    }

    private static double min(float[] x, int start, int n) {
        FloatVector m0 = FloatVector.broadcast(F, Float.POSITIVE_INFINITY), m1 = m0;
        int i = 0;
        for (; i <= n - 2 * FL; i += 2 * FL) {
            m0 = m0.min(FloatVector.fromArray(F, x, start + i));
            m1 = m1.min(FloatVector.fromArray(F, x, start + i + FL));
        }
        float m = m0.min(m1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) m = Math.min(m, x[start + i]);
        return m;
    }

    private static double max(double[] x, int start, int n) {
        DoubleVector m0 = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY), m1 = m0;
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            m0 = m0.max(DoubleVector.fromArray(D, x, start + i));
            m1 = m1.max(DoubleVector.fromArray(D, x, start + i + DL));
        }
        double m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[start + i]);
        return m;
    }

    private static double min(double[] x, int start, int n) {
        DoubleVector m0 = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), m1 = m0;
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            m0 = m0.min(DoubleVector.fromArray(D, x, start + i));
            m1 = m1.min(DoubleVector.fromArray(D, x, start + i + DL));
        }
        double m = m0.min(m1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) m = Math.min(m, x[start + i]);
        return m;
    }

    @Override
    public void accumulate(ReduceOp op, float[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> accumulateSum(x, start, acc, n);
            case PROD -> accumulateProd(x, start, acc, n);
            case MAX -> accumulateMax(x, start, acc, n);
            case MIN -> accumulateMin(x, start, acc, n);
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, double[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> accumulateSum(x, start, acc, n);
            case PROD -> accumulateProd(x, start, acc, n);
            case MAX -> accumulateMax(x, start, acc, n);
            case MIN -> accumulateMin(x, start, acc, n);
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }

    private static void accumulateSum(float[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).add(widen(x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] += x[start + j];
    }

    private static void accumulateProd(float[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).mul(widen(x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] *= x[start + j];
    }

    private static void accumulateProd(double[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).mul(DoubleVector.fromArray(D, x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] *= x[start + j];
    }

    private static void accumulateMax(float[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).max(widen(x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]);
    }

    private static void accumulateMin(float[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).min(widen(x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]);
    }

    private static void accumulateSum(double[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).add(DoubleVector.fromArray(D, x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] += x[start + j];
    }

    private static void accumulateMax(double[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).max(DoubleVector.fromArray(D, x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]);
    }

    private static void accumulateMin(double[] x, int start, double[] acc, int n) {
        int j = 0;
        for (; j <= n - DL; j += DL) DoubleVector.fromArray(D, acc, j).min(DoubleVector.fromArray(D, x, start + j)).intoArray(acc, j);
        for (; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]);
    }
}
