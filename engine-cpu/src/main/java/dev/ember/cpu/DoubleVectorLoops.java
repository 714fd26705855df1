package dev.ember.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatVectorLoops} for float64: the same loops, one method per op (see there for why). exp, log, log1p,
 * tanh, sigmoid, elu and softplus are {@link DoubleVectorMath}'s, the bits of the scalar {@link DoubleMath}; sin and
 * cos run element by element through fdlibm ({@code StrictMath}), the same code as the scalar path.
 */
final class DoubleVectorLoops {
    private DoubleVectorLoops() {}

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private static DoubleVector at(double[] a, int i) { return DoubleVector.fromArray(SPECIES, a, i); }

    private static final DoubleVector ZERO = DoubleVector.zero(SPECIES);
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);

    // ---- unary ----

    static void neg(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).neg().intoArray(out, oi + i);
    }

    static void exp(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.exp(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void log(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.log(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void log1p(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.log1p(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void sqrt(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).sqrt().intoArray(out, oi + i);
    }

    static void rsqrt(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) ONE.div(at(x, xi + i * xs).sqrt()).intoArray(out, oi + i);
    }

    static void abs(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).abs().intoArray(out, oi + i);
    }

    /** ±0 and NaN stay as they are, as in {@code Math.signum}. */
    static void sign(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector v = at(x, xi + i * xs);
            v.blend(ONE, v.compare(VectorOperators.GT, 0.0)).blend(ONE.neg(), v.compare(VectorOperators.LT, 0.0)).intoArray(out, oi + i);
        }
    }

    static void sin(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i++) out[oi + i] = DoubleMath.sin(x[xi + i * xs]);
    }

    static void cos(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i++) out[oi + i] = DoubleMath.cos(x[xi + i * xs]);
    }

    static void tanh(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.tanh(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    /** {@code 1 / (1 + e^-v)} for {@code v >= 0}, {@code e^v / (1 + e^v)} below: never e to a large positive power. */
    static void sigmoid(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.sigmoid(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    /** {@code v < 0 ? 0 : v}: NaN and -0 pass through, as in torch.relu. */
    static void relu(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector v = at(x, xi + i * xs);
            v.blend(ZERO, v.compare(VectorOperators.LT, 0.0)).intoArray(out, oi + i);
        }
    }

    static void leakyRelu(double[] x, int xi, int xs, double slope, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector v = at(x, xi + i * xs);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, oi + i);
        }
    }

    static void elu(double[] x, int xi, int xs, double alpha, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.elu(at(x, xi + i * xs), alpha).intoArray(out, oi + i);
    }

    static void step(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) ZERO.blend(ONE, at(x, xi + i * xs).compare(VectorOperators.GT, 0.0)).intoArray(out, oi + i);
    }

    /** {@code max(v, 0) + log1p(e^-|v|)}. */
    static void softplus(double[] x, int xi, int xs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) DoubleVectorMath.softplus(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    // ---- binary ----

    static void add(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).add(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void sub(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).sub(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void mul(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).mul(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void div(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).div(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    /** NaN propagates and -0 is below +0, as in {@code Math.max}. */
    static void max(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).max(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void min(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).min(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    // ---- three inputs ----

    static void where(boolean[] c, int ci, int cs, double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            at(b, bi + i * bs).blend(at(a, ai + i * as), VectorMask.fromArray(SPECIES, c, ci + i * cs)).intoArray(out, oi + i);
        }
    }

    /** {@code x + (value * t1) * t2} with the last multiply and the add fused (one rounding). */
    static void addcmul(double[] x, int xi, int xs, double[] t1, int i1, int s1, double[] t2, int i2, int s2, double value,
                        double[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            at(t1, i1 + i * s1).mul(value).fma(at(t2, i2 + i * s2), at(x, xi + i * xs)).intoArray(out, oi + i);
        }
    }

    // Comparisons into bools, one loop per operator (a comparison passed as a variable is not intrinsified); NaN
    // compares as in Java: unequal to everything, so only NE is true.
    static void eq(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.EQ, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void ne(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.NE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void lt(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.LT, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void le(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.LE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void gt(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.GT, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void ge(double[] a, int ai, int as, double[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.GE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }
}
