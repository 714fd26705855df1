package dev.ember.cpu;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

/**
 * SIMD elementwise kernels on one row of float32 or float64 operands that all share the output's dtype. Every
 * input comes as (array, start, stride) with stride 1 (contiguous) or 0 (one element repeated along the row);
 * the output is contiguous. {@link CpuElementwise} sends a row here only when its op is {@link #supports
 * supported}, and runs everything else (other dtypes, other strides) through its strided path, whose results
 * these must match bit for bit: the strided path computes float32 with the same float32 formulas
 * ({@link FloatMath}, leakyRelu's and elu's parameter rounded to float32, addcmul's fused multiply-add).
 */
interface ElementwiseRows {
    boolean supports(UnaryOp op);

    boolean supports(BinaryOp op);

    void unary(UnaryOp op, double param, float[] x, int xi, int xs, float[] out, int oi, int n);

    void unary(UnaryOp op, double param, double[] x, int xi, int xs, double[] out, int oi, int n);

    void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n);

    void binary(BinaryOp op, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n);

    /** {@code out = a op b} for a comparison ({@link BinaryOp#returnsBool} but not a logical op), into bools. */
    void compare(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n);

    void compare(BinaryOp op, double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n);

    /** Whether {@link #compare} takes {@code op}: EQ, NE, LT, LE, GT and GE. */
    static boolean isComparison(BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** {@code out = cond ? a : b}. */
    void where(boolean[] cond, int ci, int cs, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n);

    void where(boolean[] cond, int ci, int cs, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n);

    /** {@code out = x + value * t1 * t2}. */
    void addcmul(float[] x, int xi, int xs, float[] t1, int i1, int s1, float[] t2, int i2, int s2, double value,
                 float[] out, int oi, int n);

    void addcmul(double[] x, int xi, int xs, double[] t1, int i1, int s1, double[] t2, int i2, int s2, double value,
                 double[] out, int oi, int n);
}
