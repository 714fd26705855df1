package dev.ember.cpu;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

/**
 * The math of each elementwise op on a buffer, in place: {@code x[i] = op(x[i])}, {@code a[i] = op(a[i], b[i])}.
 * The switch picks a loop; the loops themselves are branch-light so the JIT can vectorise the simple ones. Never
 * {@code java.lang.Math}'s transcendental functions, which the JIT may replace by code that rounds differently:
 * float32 takes {@link FloatMath} (the SIMD kernels' own formulas), float64 {@link DoubleMath} (fdlibm).
 */
final class ScalarMath {
    private ScalarMath() {}

    /**
     * float64 values, or float32 values held in doubles ({@code float32}): those are computed in float32 with the
     * formulas of the SIMD kernels, so that both paths give the same bits whatever the layout.
     */
    static void unary(UnaryOp op, double p, double[] x, int n, boolean float32) {
        if (float32) unaryFloat32(op, (float) p, x, n);
        else unary(op, p, x, n);
    }

    static void unary(UnaryOp op, double p, double[] x, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) x[i] = -x[i]; }
            case EXP -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.log(x[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.log1p(x[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) x[i] = Math.sqrt(x[i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) x[i] = 1.0 / Math.sqrt(x[i]); }
            case ABS -> { for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) x[i] = Math.signum(x[i]); }
            case SIN -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.sin(x[i]); }
            case COS -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.cos(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.tanh(x[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.sigmoid(x[i]); }
            case RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] < 0 ? 0.0 : x[i]; }   // NaN and -0 pass, as torch.relu
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : p * x[i]; }
            case ELU -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.elu(x[i], p); }
            case STEP -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? 1.0 : 0.0; }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) x[i] = DoubleMath.softplus(x[i]); }
            case LOGICAL_NOT -> { for (int i = 0; i < n; i++) x[i] = x[i] == 0 ? 1.0 : 0.0; }
            case ERF -> { for (int i = 0; i < n; i++) x[i] = ErrorFunction.erf(x[i]); }
            case ERFC -> { for (int i = 0; i < n; i++) x[i] = ErrorFunction.erfc(x[i]); }
            case EXP2, EXPM1, LOG2, LOG10, SINH, COSH, TAN, ASIN, ACOS, ATAN -> StrictScalarMath.unary(op, x, n);
        }
    }

    /** The ops that round more than once, in float32 as the SIMD kernels compute them; the rest as in float64. */
    private static void unaryFloat32(UnaryOp op, float p, double[] x, int n) {
        switch (op) {
            case EXP -> { for (int i = 0; i < n; i++) x[i] = FloatMath.exp((float) x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) x[i] = FloatMath.log((float) x[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) x[i] = FloatMath.log1p((float) x[i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) x[i] = 1f / (float) Math.sqrt(x[i]); }
            case SIN -> { for (int i = 0; i < n; i++) x[i] = FloatMath.sin((float) x[i]); }
            case COS -> { for (int i = 0; i < n; i++) x[i] = FloatMath.cos((float) x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) x[i] = FloatMath.tanh((float) x[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) x[i] = FloatMath.sigmoid((float) x[i]); }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : p * (float) x[i]; }
            case ELU -> { for (int i = 0; i < n; i++) x[i] = FloatMath.elu((float) x[i], p); }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) x[i] = FloatMath.softplus((float) x[i]); }
            default -> unary(op, p, x, n);   // exact, or rounded once: the same in float64 after rounding to float32
        }
    }

    static void unary(UnaryOp op, long[] x, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) x[i] = -x[i]; }
            case ABS -> { for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) x[i] = Long.signum(x[i]); }
            case RELU -> { for (int i = 0; i < n; i++) x[i] = Math.max(x[i], 0); }
            case STEP -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? 1 : 0; }
            case LOGICAL_NOT -> { for (int i = 0; i < n; i++) x[i] = x[i] == 0 ? 1 : 0; }
            default -> throw new IllegalArgumentException(op + " is not defined on integers");
        }
    }

    static void binary(BinaryOp op, double[] a, double[] b, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) a[i] += b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) a[i] -= b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) a[i] *= b[i]; }
            case DIV -> { for (int i = 0; i < n; i++) a[i] /= b[i]; }
            case POW -> { for (int i = 0; i < n; i++) a[i] = PowMath.pow(a[i], b[i]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) a[i] = Math.max(a[i], b[i]); }   // NaN propagates
            case MINIMUM -> { for (int i = 0; i < n; i++) a[i] = Math.min(a[i], b[i]); }
            case EQ -> { for (int i = 0; i < n; i++) a[i] = a[i] == b[i] ? 1 : 0; }
            case NE -> { for (int i = 0; i < n; i++) a[i] = a[i] != b[i] ? 1 : 0; }
            case LT -> { for (int i = 0; i < n; i++) a[i] = a[i] < b[i] ? 1 : 0; }
            case LE -> { for (int i = 0; i < n; i++) a[i] = a[i] <= b[i] ? 1 : 0; }
            case GT -> { for (int i = 0; i < n; i++) a[i] = a[i] > b[i] ? 1 : 0; }
            case GE -> { for (int i = 0; i < n; i++) a[i] = a[i] >= b[i] ? 1 : 0; }
            case LOGICAL_AND -> { for (int i = 0; i < n; i++) a[i] = a[i] != 0 && b[i] != 0 ? 1 : 0; }
            case LOGICAL_OR -> { for (int i = 0; i < n; i++) a[i] = a[i] != 0 || b[i] != 0 ? 1 : 0; }
            case LOGICAL_XOR -> { for (int i = 0; i < n; i++) a[i] = (a[i] != 0) != (b[i] != 0) ? 1 : 0; }
            case ATAN2, HYPOT -> StrictScalarMath.binary(op, a, b, n);
        }
    }

    static void binary(BinaryOp op, long[] a, long[] b, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) a[i] += b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) a[i] -= b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) a[i] *= b[i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) a[i] = Math.max(a[i], b[i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) a[i] = Math.min(a[i], b[i]); }
            case EQ -> { for (int i = 0; i < n; i++) a[i] = a[i] == b[i] ? 1 : 0; }
            case NE -> { for (int i = 0; i < n; i++) a[i] = a[i] != b[i] ? 1 : 0; }
            case LT -> { for (int i = 0; i < n; i++) a[i] = a[i] < b[i] ? 1 : 0; }
            case LE -> { for (int i = 0; i < n; i++) a[i] = a[i] <= b[i] ? 1 : 0; }
            case GT -> { for (int i = 0; i < n; i++) a[i] = a[i] > b[i] ? 1 : 0; }
            case GE -> { for (int i = 0; i < n; i++) a[i] = a[i] >= b[i] ? 1 : 0; }
            case LOGICAL_AND -> { for (int i = 0; i < n; i++) a[i] = a[i] != 0 && b[i] != 0 ? 1 : 0; }
            case LOGICAL_OR -> { for (int i = 0; i < n; i++) a[i] = a[i] != 0 || b[i] != 0 ? 1 : 0; }
            case LOGICAL_XOR -> { for (int i = 0; i < n; i++) a[i] = (a[i] != 0) != (b[i] != 0) ? 1 : 0; }
            case DIV, POW -> throw new IllegalArgumentException(op + " is computed in floating point; the engine casts first");
            case ATAN2, HYPOT -> throw new IllegalArgumentException(op + " is computed in floating point; the engine casts first");
        }
    }
}
