package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

/**
 * The rounding ops and the three divisions on the strided path's buffers, in place, as {@link ScalarMath} does the
 * rest; {@link CpuElementwise} routes these ops here and never to the SIMD rows. The divisions compute float32 in
 * float, with PyTorch 1.13's formulas, so that the CUDA kernels (element_ops.cuh) and PyTorch agree bit for bit;
 * rounding a float32 in double is exact. Integers: the rounding ops are the identity; the divisions are exact, with
 * {@code Long.MIN_VALUE % -1 = 0}, {@code MIN_VALUE // -1 = MIN_VALUE} (wrapping), and 0 for a divisor of 0, which
 * the engine refuses before it gets here (PyTorch's ZeroDivisionError).
 */
final class RoundingMath {
    private RoundingMath() {}

    static boolean handles(UnaryOp op) {
        return switch (op) {
            case FLOOR, CEIL, ROUND, TRUNC -> true;
            default -> false;
        };
    }

    static boolean handles(BinaryOp op) {
        return switch (op) {
            case REMAINDER, FMOD, FLOOR_DIVIDE -> true;
            default -> false;
        };
    }

    static void unary(UnaryOp op, double[] x, int n) {
        switch (op) {
            case FLOOR -> { for (int i = 0; i < n; i++) x[i] = Math.floor(x[i]); }
            case CEIL -> { for (int i = 0; i < n; i++) x[i] = Math.ceil(x[i]); }
            case ROUND -> { for (int i = 0; i < n; i++) x[i] = Math.rint(x[i]); }   // halves to even
            case TRUNC -> { for (int i = 0; i < n; i++) x[i] = x[i] < 0 ? Math.ceil(x[i]) : Math.floor(x[i]); }
            default -> throw new IllegalArgumentException(op + " is not a rounding op");
        }
    }

    /** Integers are whole: the rounding ops leave them as they are. */
    static void unary(UnaryOp op, long[] x, int n) {
        if (!handles(op)) throw new IllegalArgumentException(op + " is not a rounding op");
    }

    /** {@code a[i] = op(a[i], b[i])} for a float {@code dtype}: float32 values are computed in float. */
    static void binary(BinaryOp op, DType dtype, double[] a, double[] b, int n) {
        boolean single = dtype == DType.FLOAT32;
        switch (op) {
            case REMAINDER -> {
                if (single) for (int i = 0; i < n; i++) a[i] = remainder((float) a[i], (float) b[i]);
                else for (int i = 0; i < n; i++) a[i] = remainder(a[i], b[i]);
            }
            case FMOD -> { for (int i = 0; i < n; i++) a[i] = a[i] % b[i]; }   // exact, so float32 needs no care
            case FLOOR_DIVIDE -> {
                if (single) for (int i = 0; i < n; i++) a[i] = floorDivide((float) a[i], (float) b[i]);
                else for (int i = 0; i < n; i++) a[i] = floorDivide(a[i], b[i]);
            }
            default -> throw new IllegalArgumentException(op + " is not a division");
        }
    }

    static void binary(BinaryOp op, long[] a, long[] b, int n) {
        switch (op) {
            case REMAINDER -> { for (int i = 0; i < n; i++) a[i] = b[i] == 0 ? 0 : Math.floorMod(a[i], b[i]); }
            case FMOD -> { for (int i = 0; i < n; i++) a[i] = b[i] == 0 ? 0 : a[i] % b[i]; }
            case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) a[i] = b[i] == 0 ? 0 : Math.floorDiv(a[i], b[i]); }
            default -> throw new IllegalArgumentException(op + " is not a division");
        }
    }

    // PyTorch's remainder: fmod, moved into the divisor's sign (a remainder of -0 or +0 keeps the dividend's sign).
    private static double remainder(double a, double b) {
        double mod = a % b;
        if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
        return mod;
    }

    private static float remainder(float a, float b) {
        float mod = a % b;
        if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
        return mod;
    }

    // PyTorch's div_floor: the exact multiple (a - fmod) / b, moved down when the signs differ, then rounded to the
    // nearest whole number, since the division may be off by an ulp; x / 0 is IEEE's, and a zero quotient keeps
    // the sign of a / b.
    private static double floorDivide(double a, double b) {
        if (b == 0) return a / b;
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0.0, a / b);
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }

    private static float floorDivide(float a, float b) {
        if (b == 0) return a / b;
        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0f, a / b);
        float floor = (float) Math.floor(div);
        return div - floor > 0.5f ? floor + 1 : floor;
    }
}
