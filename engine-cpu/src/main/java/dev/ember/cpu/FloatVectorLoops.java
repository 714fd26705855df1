package dev.ember.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 loops of {@link VectorElementwiseRows}: one method per op, over {@code n} elements, a whole number
 * of vectors. Each input is read at {@code start + i * stride} with stride 1 (contiguous) or 0 (a buffer that
 * repeats one value); the output is contiguous. The formulas are {@link ScalarMath}'s, NaN handling included, and
 * give its bits: the transcendental functions are {@link FloatVectorMath}'s, never the Vector API's own.
 *
 * <p>One method per op, not one method with a switch: the JIT compiles each small loop on its own with the Vector
 * API fully inlined, where a big method with a loop per case was recompiled each time a new case ran and fell
 * back to boxed, element-by-element vectors in between (10 to 20 times slower). {@code DoubleVectorLoops} is the
 * same file for float64.
 */
final class FloatVectorLoops {
    private FloatVectorLoops() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private static FloatVector at(float[] a, int i) { return FloatVector.fromArray(SPECIES, a, i); }

    private static final FloatVector ZERO = FloatVector.zero(SPECIES);
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

    // ---- unary ----

    static void neg(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).neg().intoArray(out, oi + i);
    }

    static void exp(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.exp(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void log(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.log(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void log1p(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.log1p(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void sqrt(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).sqrt().intoArray(out, oi + i);
    }

    static void rsqrt(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) ONE.div(at(x, xi + i * xs).sqrt()).intoArray(out, oi + i);
    }

    static void abs(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(x, xi + i * xs).abs().intoArray(out, oi + i);
    }

    /** ±0 and NaN stay as they are, as in {@code Math.signum}. */
    static void sign(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector v = at(x, xi + i * xs);
            v.blend(ONE, v.compare(VectorOperators.GT, 0f)).blend(ONE.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(out, oi + i);
        }
    }

    static void sin(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.sin(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void cos(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.cos(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    static void tanh(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.tanh(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    /** {@code 1 / (1 + e^-v)} for {@code v >= 0}, {@code e^v / (1 + e^v)} below: never e to a large positive power. */
    static void sigmoid(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.sigmoid(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    /** {@code v < 0 ? 0 : v}: NaN and -0 pass through, as in torch.relu. */
    static void relu(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector v = at(x, xi + i * xs);
            v.blend(ZERO, v.compare(VectorOperators.LT, 0f)).intoArray(out, oi + i);
        }
    }

    static void leakyRelu(float[] x, int xi, int xs, float slope, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector v = at(x, xi + i * xs);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, oi + i);
        }
    }

    static void elu(float[] x, int xi, int xs, float alpha, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.elu(at(x, xi + i * xs), alpha).intoArray(out, oi + i);
    }

    static void step(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) ZERO.blend(ONE, at(x, xi + i * xs).compare(VectorOperators.GT, 0f)).intoArray(out, oi + i);
    }

    /** {@code max(v, 0) + log1p(e^-|v|)}. */
    static void softplus(float[] x, int xi, int xs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) FloatVectorMath.softplus(at(x, xi + i * xs)).intoArray(out, oi + i);
    }

    // ---- binary ----

    static void add(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).add(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void sub(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).sub(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void mul(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).mul(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void div(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).div(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    /** NaN propagates and -0 is below +0, as in {@code Math.max}. */
    static void max(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).max(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void min(float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).min(at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    // ---- three inputs ----

    static void where(boolean[] c, int ci, int cs, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            at(b, bi + i * bs).blend(at(a, ai + i * as), VectorMask.fromArray(SPECIES, c, ci + i * cs)).intoArray(out, oi + i);
        }
    }

    /** {@code x + (value * t1) * t2} with the last multiply and the add fused (one rounding). */
    static void addcmul(float[] x, int xi, int xs, float[] t1, int i1, int s1, float[] t2, int i2, int s2, float value,
                        float[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) {
            at(t1, i1 + i * s1).mul(value).fma(at(t2, i2 + i * s2), at(x, xi + i * xs)).intoArray(out, oi + i);
        }
    }

    // Comparisons into bools, one loop per operator (a comparison passed as a variable is not intrinsified); NaN
    // compares as in Java: unequal to everything, so only NE is true.
    static void eq(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.EQ, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void ne(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.NE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void lt(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.LT, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void le(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.LE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void gt(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.GT, at(b, bi + i * bs)).intoArray(out, oi + i);
    }

    static void ge(float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        for (int i = 0; i < n; i += LANES) at(a, ai + i * as).compare(VectorOperators.GE, at(b, bi + i * bs)).intoArray(out, oi + i);
    }
}
