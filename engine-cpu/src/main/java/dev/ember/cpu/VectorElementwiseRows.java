package dev.ember.cpu;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

/**
 * Vector API elementwise kernels, computing in the operands' own dtype; the loops themselves are in
 * {@link FloatVectorLoops} and {@link DoubleVectorLoops}. Loaded by name from {@link Simd} only.
 *
 * <p>This class turns a row into what those loops take. A repeated input (stride 0) is read from a per-thread
 * buffer filled with its value, so that its index can advance by {@code i * 0} in the same loop in which a
 * contiguous one advances by {@code i * 1}: one loop per op serves every mix of strides. A row's last partial
 * vector is copied into zero-padded per-thread buffers and run through the same loop, so it gets exactly the
 * arithmetic of the rest of the row.
 *
 * <p>No Vector API transcendental operator (EXP, LOG, TANH...) is used: their results depend on whether the code
 * runs interpreted or compiled. float32 uses {@link FloatVectorMath}, float64 {@link DoubleMath}; both give the
 * bits of the strided path's {@link ScalarMath}.
 */
final class VectorElementwiseRows implements ElementwiseRows {
    private static final int FL = FloatVectorLoops.LANES;
    private static final int DL = DoubleVectorLoops.LANES;

    /** Per thread: input slots 0 to 2 (a repeated value or a padded tail each) and slot 3 for an output tail. */
    private static final class Buffers {
        final float[][] floats = new float[4][FL];
        final double[][] doubles = new double[4][DL];
        final boolean[] conditions = new boolean[Math.max(FL, DL)];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Exactly the ops {@code unaryLoop} has a loop for: any other (a new op, or bool-valued) takes the scalar path. */
    @Override
    public boolean supports(UnaryOp op) {
        return switch (op) {
            case NEG, EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIGN, SIN, COS, TANH, SIGMOID, RELU, LEAKY_RELU, ELU, STEP,
                 SOFTPLUS -> true;
            default -> false;
        };
    }

    @Override
    public boolean supports(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;   // POW stays scalar; comparisons and logical ops write bool
        };
    }

    // ---- unary ----

    @Override
    public void unary(UnaryOp op, double param, float[] x, int xi, int xs, float[] out, int oi, int n) {
        if (xs == 0) { x = repeated(0, x[xi]); xi = 0; }
        int body = n - n % FL;
        unaryLoop(op, (float) param, x, xi, xs, out, oi, body);
        if (body == n) return;
        float[] t = BUFFERS.get().floats[3];
        unaryLoop(op, (float) param, tail(0, x, xi, xs, body, n), tailStart(xi, xs), xs, t, 0, FL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    @Override
    public void unary(UnaryOp op, double param, double[] x, int xi, int xs, double[] out, int oi, int n) {
        if (xs == 0) { x = repeated(0, x[xi]); xi = 0; }
        int body = n - n % DL;
        unaryLoop(op, param, x, xi, xs, out, oi, body);
        if (body == n) return;
        double[] t = BUFFERS.get().doubles[3];
        unaryLoop(op, param, tail(0, x, xi, xs, body, n), tailStart(xi, xs), xs, t, 0, DL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    private static void unaryLoop(UnaryOp op, float p, float[] x, int xi, int xs, float[] out, int oi, int n) {
        switch (op) {
            case NEG -> FloatVectorLoops.neg(x, xi, xs, out, oi, n);
            case EXP -> FloatVectorLoops.exp(x, xi, xs, out, oi, n);
            case LOG -> FloatVectorLoops.log(x, xi, xs, out, oi, n);
            case LOG1P -> FloatVectorLoops.log1p(x, xi, xs, out, oi, n);
            case SQRT -> FloatVectorLoops.sqrt(x, xi, xs, out, oi, n);
            case RSQRT -> FloatVectorLoops.rsqrt(x, xi, xs, out, oi, n);
            case ABS -> FloatVectorLoops.abs(x, xi, xs, out, oi, n);
            case SIGN -> FloatVectorLoops.sign(x, xi, xs, out, oi, n);
            case SIN -> FloatVectorLoops.sin(x, xi, xs, out, oi, n);
            case COS -> FloatVectorLoops.cos(x, xi, xs, out, oi, n);
            case TANH -> FloatVectorLoops.tanh(x, xi, xs, out, oi, n);
            case SIGMOID -> FloatVectorLoops.sigmoid(x, xi, xs, out, oi, n);
            case RELU -> FloatVectorLoops.relu(x, xi, xs, out, oi, n);
            case LEAKY_RELU -> FloatVectorLoops.leakyRelu(x, xi, xs, p, out, oi, n);
            case ELU -> FloatVectorLoops.elu(x, xi, xs, p, out, oi, n);
            case STEP -> FloatVectorLoops.step(x, xi, xs, out, oi, n);
            case SOFTPLUS -> FloatVectorLoops.softplus(x, xi, xs, out, oi, n);
            default -> throw new IllegalArgumentException(op + " has no vector loop (supports() says so)");
        }
    }

    private static void unaryLoop(UnaryOp op, double p, double[] x, int xi, int xs, double[] out, int oi, int n) {
        switch (op) {
            case NEG -> DoubleVectorLoops.neg(x, xi, xs, out, oi, n);
            case EXP -> DoubleVectorLoops.exp(x, xi, xs, out, oi, n);
            case LOG -> DoubleVectorLoops.log(x, xi, xs, out, oi, n);
            case LOG1P -> DoubleVectorLoops.log1p(x, xi, xs, out, oi, n);
            case SQRT -> DoubleVectorLoops.sqrt(x, xi, xs, out, oi, n);
            case RSQRT -> DoubleVectorLoops.rsqrt(x, xi, xs, out, oi, n);
            case ABS -> DoubleVectorLoops.abs(x, xi, xs, out, oi, n);
            case SIGN -> DoubleVectorLoops.sign(x, xi, xs, out, oi, n);
            case SIN -> DoubleVectorLoops.sin(x, xi, xs, out, oi, n);
            case COS -> DoubleVectorLoops.cos(x, xi, xs, out, oi, n);
            case TANH -> DoubleVectorLoops.tanh(x, xi, xs, out, oi, n);
            case SIGMOID -> DoubleVectorLoops.sigmoid(x, xi, xs, out, oi, n);
            case RELU -> DoubleVectorLoops.relu(x, xi, xs, out, oi, n);
            case LEAKY_RELU -> DoubleVectorLoops.leakyRelu(x, xi, xs, p, out, oi, n);
            case ELU -> DoubleVectorLoops.elu(x, xi, xs, p, out, oi, n);
            case STEP -> DoubleVectorLoops.step(x, xi, xs, out, oi, n);
            case SOFTPLUS -> DoubleVectorLoops.softplus(x, xi, xs, out, oi, n);
            default -> throw new IllegalArgumentException(op + " has no vector loop (supports() says so)");
        }
    }

    // ---- binary ----

    @Override
    public void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % FL;
        binaryLoop(op, a, ai, as, b, bi, bs, out, oi, body);
        if (body == n) return;
        float[] t = BUFFERS.get().floats[3];
        binaryLoop(op, tail(0, a, ai, as, body, n), tailStart(ai, as), as, tail(1, b, bi, bs, body, n), tailStart(bi, bs), bs,
                t, 0, FL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % DL;
        binaryLoop(op, a, ai, as, b, bi, bs, out, oi, body);
        if (body == n) return;
        double[] t = BUFFERS.get().doubles[3];
        binaryLoop(op, tail(0, a, ai, as, body, n), tailStart(ai, as), as, tail(1, b, bi, bs, body, n), tailStart(bi, bs), bs,
                t, 0, DL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    private static void binaryLoop(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        switch (op) {
            case ADD -> FloatVectorLoops.add(a, ai, as, b, bi, bs, out, oi, n);
            case SUB -> FloatVectorLoops.sub(a, ai, as, b, bi, bs, out, oi, n);
            case MUL -> FloatVectorLoops.mul(a, ai, as, b, bi, bs, out, oi, n);
            case DIV -> FloatVectorLoops.div(a, ai, as, b, bi, bs, out, oi, n);
            case MAXIMUM -> FloatVectorLoops.max(a, ai, as, b, bi, bs, out, oi, n);
            case MINIMUM -> FloatVectorLoops.min(a, ai, as, b, bi, bs, out, oi, n);
            default -> throw new IllegalArgumentException(op + " takes the strided path");
        }
    }

    private static void binaryLoop(BinaryOp op, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        switch (op) {
            case ADD -> DoubleVectorLoops.add(a, ai, as, b, bi, bs, out, oi, n);
            case SUB -> DoubleVectorLoops.sub(a, ai, as, b, bi, bs, out, oi, n);
            case MUL -> DoubleVectorLoops.mul(a, ai, as, b, bi, bs, out, oi, n);
            case DIV -> DoubleVectorLoops.div(a, ai, as, b, bi, bs, out, oi, n);
            case MAXIMUM -> DoubleVectorLoops.max(a, ai, as, b, bi, bs, out, oi, n);
            case MINIMUM -> DoubleVectorLoops.min(a, ai, as, b, bi, bs, out, oi, n);
            default -> throw new IllegalArgumentException(op + " takes the strided path");
        }
    }

    // ---- where and addcmul ----

    @Override
    public void compare(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % FL;
        switch (op) {
            case EQ -> FloatVectorLoops.eq(a, ai, as, b, bi, bs, out, oi, body);
            case NE -> FloatVectorLoops.ne(a, ai, as, b, bi, bs, out, oi, body);
            case LT -> FloatVectorLoops.lt(a, ai, as, b, bi, bs, out, oi, body);
            case LE -> FloatVectorLoops.le(a, ai, as, b, bi, bs, out, oi, body);
            case GT -> FloatVectorLoops.gt(a, ai, as, b, bi, bs, out, oi, body);
            case GE -> FloatVectorLoops.ge(a, ai, as, b, bi, bs, out, oi, body);
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        }
        for (int i = body; i < n; i++) out[oi + i] = compare(op, a[ai + i * as], b[bi + i * bs]);
    }

    @Override
    public void compare(BinaryOp op, double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % DL;
        switch (op) {
            case EQ -> DoubleVectorLoops.eq(a, ai, as, b, bi, bs, out, oi, body);
            case NE -> DoubleVectorLoops.ne(a, ai, as, b, bi, bs, out, oi, body);
            case LT -> DoubleVectorLoops.lt(a, ai, as, b, bi, bs, out, oi, body);
            case LE -> DoubleVectorLoops.le(a, ai, as, b, bi, bs, out, oi, body);
            case GT -> DoubleVectorLoops.gt(a, ai, as, b, bi, bs, out, oi, body);
            case GE -> DoubleVectorLoops.ge(a, ai, as, b, bi, bs, out, oi, body);
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        }
        for (int i = body; i < n; i++) out[oi + i] = compare(op, a[ai + i * as], b[bi + i * bs]);
    }

    /** The tail's comparison, in double (a float32 pair compares the same widened). */
    private static boolean compare(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    @Override
    public void where(boolean[] cond, int ci, int cs, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        if (cs == 0) { cond = repeatedCondition(cond[ci]); ci = 0; }
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % FL;
        FloatVectorLoops.where(cond, ci, cs, a, ai, as, b, bi, bs, out, oi, body);
        for (int i = body; i < n; i++) out[oi + i] = cond[ci + i * cs] ? a[ai + i * as] : b[bi + i * bs];   // exact either way
    }

    @Override
    public void where(boolean[] cond, int ci, int cs, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        if (cs == 0) { cond = repeatedCondition(cond[ci]); ci = 0; }
        if (as == 0) { a = repeated(0, a[ai]); ai = 0; }
        if (bs == 0) { b = repeated(1, b[bi]); bi = 0; }
        int body = n - n % DL;
        DoubleVectorLoops.where(cond, ci, cs, a, ai, as, b, bi, bs, out, oi, body);
        for (int i = body; i < n; i++) out[oi + i] = cond[ci + i * cs] ? a[ai + i * as] : b[bi + i * bs];
    }

    @Override
    public void addcmul(float[] x, int xi, int xs, float[] t1, int i1, int s1, float[] t2, int i2, int s2, double value,
                        float[] out, int oi, int n) {
        if (xs == 0) { x = repeated(0, x[xi]); xi = 0; }
        if (s1 == 0) { t1 = repeated(1, t1[i1]); i1 = 0; }
        if (s2 == 0) { t2 = repeated(2, t2[i2]); i2 = 0; }
        float v = (float) value;
        int body = n - n % FL;
        FloatVectorLoops.addcmul(x, xi, xs, t1, i1, s1, t2, i2, s2, v, out, oi, body);
        if (body == n) return;
        float[] t = BUFFERS.get().floats[3];
        FloatVectorLoops.addcmul(tail(0, x, xi, xs, body, n), tailStart(xi, xs), xs, tail(1, t1, i1, s1, body, n),
                tailStart(i1, s1), s1, tail(2, t2, i2, s2, body, n), tailStart(i2, s2), s2, v, t, 0, FL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    @Override
    public void addcmul(double[] x, int xi, int xs, double[] t1, int i1, int s1, double[] t2, int i2, int s2, double value,
                        double[] out, int oi, int n) {
        if (xs == 0) { x = repeated(0, x[xi]); xi = 0; }
        if (s1 == 0) { t1 = repeated(1, t1[i1]); i1 = 0; }
        if (s2 == 0) { t2 = repeated(2, t2[i2]); i2 = 0; }
        int body = n - n % DL;
        DoubleVectorLoops.addcmul(x, xi, xs, t1, i1, s1, t2, i2, s2, value, out, oi, body);
        if (body == n) return;
        double[] t = BUFFERS.get().doubles[3];
        DoubleVectorLoops.addcmul(tail(0, x, xi, xs, body, n), tailStart(xi, xs), xs, tail(1, t1, i1, s1, body, n),
                tailStart(i1, s1), s1, tail(2, t2, i2, s2, body, n), tailStart(i2, s2), s2, value, t, 0, DL);
        System.arraycopy(t, 0, out, oi + body, n - body);
    }

    // ---- repeated values and tails ----

    private static float[] repeated(int slot, float value) {
        float[] b = BUFFERS.get().floats[slot];
        java.util.Arrays.fill(b, value);
        return b;
    }

    private static double[] repeated(int slot, double value) {
        double[] b = BUFFERS.get().doubles[slot];
        java.util.Arrays.fill(b, value);
        return b;
    }

    private static boolean[] repeatedCondition(boolean value) {
        boolean[] c = BUFFERS.get().conditions;
        java.util.Arrays.fill(c, value);
        return c;
    }

    /** Elements {@code [from, n)} of a contiguous operand copied into a zero-padded buffer; a repeated one as it is. */
    private static float[] tail(int slot, float[] a, int start, int stride, int from, int n) {
        if (stride == 0) return a;
        float[] b = BUFFERS.get().floats[slot];
        System.arraycopy(a, start + from, b, 0, n - from);
        java.util.Arrays.fill(b, n - from, FL, 0f);
        return b;
    }

    private static double[] tail(int slot, double[] a, int start, int stride, int from, int n) {
        if (stride == 0) return a;
        double[] b = BUFFERS.get().doubles[slot];
        System.arraycopy(a, start + from, b, 0, n - from);
        java.util.Arrays.fill(b, n - from, DL, 0.0);
        return b;
    }

    /** Where {@link #tail}'s result starts: a repeated operand where it was, a copied tail at 0. */
    private static int tailStart(int start, int stride) { return stride == 0 ? start : 0; }
}
