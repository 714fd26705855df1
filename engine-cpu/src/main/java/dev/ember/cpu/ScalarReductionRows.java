package dev.ember.cpu;

import dev.ember.backend.ReduceOp;

/**
 * Plain-Java {@link ReductionRows} for JVMs without the Vector API (and the reference its tests compare with).
 * Sums add (and products multiply) in the order {@link #sum(float[], int, int)} fixes, the one the SIMD kernels
 * use, so the two give the same bits.
 */
final class ScalarReductionRows implements ReductionRows {
    /**
     * The sum of {@code x[start, start + n)} in double, in one fixed order: sixteen partial sums, the j-th over
     * the elements {@code 16 b + j} of the whole blocks of sixteen; then lanes {@code l < 4} combined as
     * {@code (p[l] + p[4 + l]) + (p[8 + l] + p[12 + l])}, those four added from the first to the last, and the
     * last {@code n % 16} elements added one by one. Four 4-lane double vectors compute exactly this, so the order
     * does not depend on the vector width, the JIT or the CPU.
     */
    static double sum(float[] x, int start, int n) {
        double[] p = new double[BLOCK];
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) for (int j = 0; j < BLOCK; j++) p[j] += x[start + i + j];
        double s = combine(p);
        for (; i < n; i++) s += x[start + i];
        return s;
    }

    static double sum(double[] x, int start, int n) {
        double[] p = new double[BLOCK];
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) for (int j = 0; j < BLOCK; j++) p[j] += x[start + i + j];
        double s = combine(p);
        for (; i < n; i++) s += x[start + i];
        return s;
    }

    /** The product of {@code x[start, start + n)} in double, in {@link #sum(float[], int, int)}'s order. */
    static double prod(float[] x, int start, int n) {
        double[] p = new double[BLOCK];
        java.util.Arrays.fill(p, 1);
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) for (int j = 0; j < BLOCK; j++) p[j] *= x[start + i + j];
        double s = combineProduct(p);
        for (; i < n; i++) s *= x[start + i];
        return s;
    }

    static double prod(double[] x, int start, int n) {
        double[] p = new double[BLOCK];
        java.util.Arrays.fill(p, 1);
        int i = 0;
        for (; i <= n - BLOCK; i += BLOCK) for (int j = 0; j < BLOCK; j++) p[j] *= x[start + i + j];
        double s = combineProduct(p);
        for (; i < n; i++) s *= x[start + i];
        return s;
    }

    /** Elements per block of the fixed summation order. */
    static final int BLOCK = 16;

    static double combine(double[] p) {
        double s = 0;
        for (int l = 0; l < 4; l++) s += (p[l] + p[4 + l]) + (p[8 + l] + p[12 + l]);
        return s;
    }

    static double combineProduct(double[] p) {
        double s = 1;
        for (int l = 0; l < 4; l++) s *= (p[l] * p[4 + l]) * (p[8 + l] * p[12 + l]);
        return s;
    }

    @Override
    public double reduce(ReduceOp op, float[] x, int start, int n) {
        double acc = ReductionRows.identity(op);
        switch (op) {
            case SUM -> acc = sum(x, start, n);
            case PROD -> acc = prod(x, start, n);
            case MAX -> { for (int i = start; i < start + n; i++) acc = Math.max(acc, x[i]); }
            case MIN -> { for (int i = start; i < start + n; i++) acc = Math.min(acc, x[i]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
        return acc;
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int start, int n) {
        double acc = ReductionRows.identity(op);
        switch (op) {
            case SUM -> acc = sum(x, start, n);
            case PROD -> acc = prod(x, start, n);
            case MAX -> { for (int i = start; i < start + n; i++) acc = Math.max(acc, x[i]); }
            case MIN -> { for (int i = start; i < start + n; i++) acc = Math.min(acc, x[i]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
        return acc;
    }

    @Override
    public void accumulate(ReduceOp op, float[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[j] += x[start + j]; }
            case PROD -> { for (int j = 0; j < n; j++) acc[j] *= x[start + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, double[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[j] += x[start + j]; }
            case PROD -> { for (int j = 0; j < n; j++) acc[j] *= x[start + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }
}
