package dev.ember.cpu;

import dev.ember.backend.ReduceOp;

/**
 * SUM, PROD, MAX and MIN of contiguous float32 or float64 runs, in double: the steps of {@link DenseReduce}. Float32
 * values are widened to double before they are added or multiplied, so a float32 sum or product carries float64's
 * error, not float32's.
 * MAX and MIN propagate NaN and order -0 below +0, as {@code Math.max} and {@code Math.min}.
 */
interface ReductionRows {
    /** {@code op} over {@code x[start, start + n)}; for n = 0 the identity (0, 1, -inf or +inf). */
    double reduce(ReduceOp op, float[] x, int start, int n);

    double reduce(ReduceOp op, double[] x, int start, int n);

    /** {@code acc[j] = op(acc[j], x[start + j])} for {@code j < n}: one row added into a row of outputs. */
    void accumulate(ReduceOp op, float[] x, int start, double[] acc, int n);

    void accumulate(ReduceOp op, double[] x, int start, double[] acc, int n);

    static double identity(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        };
    }

    static double combine(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        };
    }
}
