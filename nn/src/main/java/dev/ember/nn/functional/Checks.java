package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.Arrays;
import java.util.Objects;

/** The argument checks of the functional forms; every message names the function and the shapes involved. */
final class Checks {
    private Checks() {}

    static Tensor notNull(String fn, String what, Tensor t) {
        return Objects.requireNonNull(t, fn + ": " + what + " is null");
    }

    static IllegalArgumentException wrongShape(String fn, String what, String expected, Tensor got) {
        return new IllegalArgumentException(fn + ": expected " + what + " of shape " + expected + ", got "
                + Shape.str(got.shape()));
    }

    static void floating(String fn, String what, Tensor t) {
        notNull(fn, what, t);
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(fn + ": " + what + " must be a floating tensor, got " + t.dtype()
                    + " of shape " + Shape.str(t.shape()));
        }
    }

    static void integral(String fn, String what, Tensor t) {
        notNull(fn, what, t);
        if (t.dtype().isFloating() || t.dtype() == dev.ember.DType.BOOL) {
            throw new IllegalArgumentException(fn + ": " + what + " must be an integer tensor, got " + t.dtype()
                    + " of shape " + Shape.str(t.shape()));
        }
    }

    static void sameShape(String fn, String a, Tensor x, String b, Tensor y) {
        notNull(fn, a, x);
        notNull(fn, b, y);
        if (!Arrays.equals(x.shape(), y.shape())) {
            throw new IllegalArgumentException(fn + ": " + a + " " + Shape.str(x.shape()) + " and " + b + " "
                    + Shape.str(y.shape()) + " must have the same shape");
        }
    }

    /** A per-channel tensor ({@code [C]}) or null. */
    static void perChannel(String fn, String what, Tensor t, int channels) {
        if (t != null && (t.rank() != 1 || t.size(0) != channels)) {
            throw wrongShape(fn, what, "[" + channels + "]", t);
        }
    }

    static int atLeast(String fn, String what, int value, int min) {
        if (value < min) throw new IllegalArgumentException(fn + ": " + what + " must be >= " + min + ", got " + value);
        return value;
    }

    /** A (height, width) pair, each at least {@code min}. */
    static int[] pair(String fn, String what, int[] values, int min) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException(fn + ": " + what + " needs 2 values (height, width), got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        for (int v : values) {
            if (v < min) throw new IllegalArgumentException(fn + ": " + what + " must be >= " + min + ", got " + Arrays.toString(values));
        }
        return values.clone();
    }

    static void probability(String fn, String what, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(fn + ": " + what + " must be in [0, 1], got " + p);
    }

    static void positive(String fn, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(fn + ": " + what + " must be finite and > 0, got " + v);
    }

    /**
     * One spatial size of a convolution's or pooling's output, {@code floor((n + 2p - d (k - 1) - 1) / s) + 1};
     * below 1 when the window does not fit.
     */
    static int outputSize(int n, int k, int p, int s, int d) {
        return Math.floorDiv(n - (d * (k - 1) + 1) + 2 * p, s) + 1;
    }
}
