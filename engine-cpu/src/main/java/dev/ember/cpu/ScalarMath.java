package dev.ember.cpu;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

/**
 * The math of each elementwise op on a buffer, in place: {@code x[i] = op(x[i])}, {@code a[i] = op(a[i], b[i])}.
 * The switch picks a loop; the loops themselves are branch-light so the JIT can vectorise the simple ones.
 */
final class ScalarMath {
    private ScalarMath() {}

    static void unary(UnaryOp op, double p, double[] x, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) x[i] = -x[i]; }
            case EXP -> { for (int i = 0; i < n; i++) x[i] = Math.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) x[i] = Math.log(x[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) x[i] = Math.log1p(x[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) x[i] = Math.sqrt(x[i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) x[i] = 1.0 / Math.sqrt(x[i]); }
            case ABS -> { for (int i = 0; i < n; i++) x[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) x[i] = Math.signum(x[i]); }
            case SIN -> { for (int i = 0; i < n; i++) x[i] = Math.sin(x[i]); }
            case COS -> { for (int i = 0; i < n; i++) x[i] = Math.cos(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) x[i] = Math.tanh(x[i]); }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    double v = x[i];   // never exp of a large positive number
                    x[i] = v >= 0 ? 1.0 / (1.0 + Math.exp(-v)) : Math.exp(v) / (1.0 + Math.exp(v));
                }
            }
            case RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : 0.0; }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : p * x[i]; }
            case ELU -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : p * Math.expm1(x[i]); }
            case STEP -> { for (int i = 0; i < n; i++) x[i] = x[i] > 0 ? 1.0 : 0.0; }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) x[i] = Math.max(x[i], 0.0) + Math.log1p(Math.exp(-Math.abs(x[i])));
            }
            case LOGICAL_NOT -> { for (int i = 0; i < n; i++) x[i] = x[i] == 0 ? 1.0 : 0.0; }
            case ERF -> { for (int i = 0; i < n; i++) x[i] = ErrorFunction.erf(x[i]); }
            case ERFC -> { for (int i = 0; i < n; i++) x[i] = ErrorFunction.erfc(x[i]); }
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
            case POW -> { for (int i = 0; i < n; i++) a[i] = Math.pow(a[i], b[i]); }
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
        }
    }
}
