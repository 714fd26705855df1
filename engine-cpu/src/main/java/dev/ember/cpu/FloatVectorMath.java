package dev.ember.cpu;

import static dev.ember.cpu.FloatMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath} on vectors: the same operations in the same order, lane by lane, so each lane gets exactly
 * the bits the scalar function gives. Used instead of the Vector API's transcendental {@code lanewise} operators,
 * whose results depend on whether the code runs interpreted or compiled. Keep the two files in step: a change
 * to one formula is a change to both ({@code DeterministicMathTest} compares them on every op).
 */
final class FloatVectorMath {
    private FloatVectorMath() {}

    private static final VectorSpecies<Float> SPECIES = FloatVectorLoops.SPECIES;
    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);

    private static FloatVector v(float value) { return FloatVector.broadcast(SPECIES, value); }

    private static final FloatVector NEG_LN2_HI = v(-LN2_HI), NEG_LN2_LO = v(-LN2_LO);
    private static final FloatVector VE3 = v(E3), VE2 = v(E2), VE1 = v(E1), VE0 = v(E0);
    private static final FloatVector VM4 = v(M4), VM3 = v(M3), VM2 = v(M2), VM1 = v(M1), VM0 = v(M0);
    private static final FloatVector VLOG_LN2_HI = v(LOG_LN2_HI), VLOG_LN2_LO = v(LOG_LN2_LO);
    private static final FloatVector NEG_PIO2_1 = v(-PIO2_1), NEG_PIO2_2 = v(-PIO2_2), NEG_PIO2_3 = v(-PIO2_3);
    private static final FloatVector VS2 = v(S2), VS1 = v(S1), VC2 = v(C2), VC1 = v(C1);
    private static final FloatVector ZERO = v(0f), ONE = v(1f);
    private static final FloatVector NAN = v(Float.NaN), INF = v(Float.POSITIVE_INFINITY), NEG_INF = v(Float.NEGATIVE_INFINITY);

    /** {@code 2^e} for integer lanes e in [-126, 127]. */
    private static FloatVector pow2(IntVector e) {
        return e.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /**
     * Where every lane is in [-{@value FloatMath#FAST_LIMIT}, {@value FloatMath#FAST_LIMIT}] (or NaN), 2^k is a
     * normal float and the clamps do nothing, so one factor gives the very bits of {@link FloatMath#exp}'s two
     * (both round the exact product once); other vectors take the full code.
     */
    static FloatVector exp(FloatVector x) {
        if (x.abs().compare(VectorOperators.GT, FAST_LIMIT).anyTrue()) return expFull(x);
        return expFast(x);
    }

    /**
     * {@link #exp} of lanes that are all {@code <= 0} (or NaN), such as softmax's {@code x - max}: only the lower
     * limit can send a vector to the full code, one test fewer. The bits of {@link FloatMath#exp}; a positive lane
     * beyond {@value FloatMath#FAST_LIMIT} would not be.
     */
    static FloatVector expNonPositive(FloatVector x) {
        if (x.compare(VectorOperators.LT, -FAST_LIMIT).anyTrue()) return expFull(x);
        return expFast(x);
    }

    /** {@link #exp} where every lane is within +-{@value FloatMath#FAST_LIMIT}. */
    private static FloatVector expFast(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, x));
        FloatVector q = r.fma(E5, E4).fma(r, VE3).fma(r, VE2).fma(r, VE1).fma(r, VE0);
        FloatVector p = r.mul(r).fma(q, r).add(1f);
        // 2^k's bits, (k + 127) << 23 with k = bits(t) - ROUNDER_BITS, in one shift and one add: the shift drops
        // the bits above k's, so the constant can be added after it
        return p.mul(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(POW2_OF_ROUNDED).reinterpretAsFloats());
    }

    /** {@code (127 - ROUNDER_BITS) << 23}: {@code (bits(t) << 23) + POW2_OF_ROUNDED} is {@code pow2(bits(t) - ROUNDER_BITS)}'s bits. */
    private static final int POW2_OF_ROUNDED = (127 - ROUNDER_BITS) << 23;

    private static FloatVector expFull(FloatVector x) {
        FloatVector v = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = v.fma(LOG2E, ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, v));
        FloatVector q = r.fma(E5, E4).fma(r, VE3).fma(r, VE2).fma(r, VE1).fma(r, VE0);
        FloatVector p = r.mul(r).fma(q, r).add(1f);
        IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        return p.mul(pow2(k1)).mul(pow2(ki.sub(k1)));
    }

    /** As {@link #exp}: in [{@value FloatMath#EXPM1_MIN}, {@value FloatMath#FAST_LIMIT}] k is below 127 and the clamps do nothing. */
    static FloatVector expm1(FloatVector x) {
        if (x.compare(VectorOperators.LT, EXPM1_MIN).or(x.compare(VectorOperators.GT, FAST_LIMIT)).anyTrue()) return expm1Full(x);
        FloatVector t = x.fma(LOG2E, ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, x));
        FloatVector q = r.fma(M6, M5).fma(r, VM4).fma(r, VM3).fma(r, VM2).fma(r, VM1).fma(r, VM0);
        FloatVector p = r.mul(r).fma(q, r);
        FloatVector s = pow2(t.reinterpretAsInts().sub(ROUNDER_BITS));
        FloatVector y = s.fma(p, s.sub(1f));
        return y.blend(x, x.abs().compare(VectorOperators.LT, TINY));
    }

    private static FloatVector expm1Full(FloatVector x) {
        FloatVector v = x.max(EXPM1_MIN).min(EXP_MAX);
        FloatVector t = v.fma(LOG2E, ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, v));
        FloatVector q = r.fma(M6, M5).fma(r, VM4).fma(r, VM3).fma(r, VM2).fma(r, VM1).fma(r, VM0);
        FloatVector p = r.mul(r).fma(q, r);
        IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector k1 = ki.min(127);
        FloatVector s = pow2(k1);
        FloatVector y = s.fma(p, s.sub(pow2(k1.sub(ki)))).mul(pow2(ki.sub(k1)));
        return y.blend(x, x.abs().compare(VectorOperators.LT, TINY));
    }

    static FloatVector log(FloatVector x) {
        return logCore(x, ZERO, x);
    }

    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector c = x.sub(u.sub(1f)).div(u);
        VectorMask<Float> finitePositive = u.compare(VectorOperators.LT, Float.POSITIVE_INFINITY).and(u.compare(VectorOperators.GT, 0f));
        FloatVector y = logCore(u, ZERO.blend(c, finitePositive), u);
        return y.blend(x, x.abs().compare(VectorOperators.LT, TINY));
    }

    private static FloatVector logCore(FloatVector x, FloatVector c, FloatVector special) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(0x1p23f), subnormal);
        IntVector ix = xs.reinterpretAsInts().add(0x3f800000 - SQRT_HALF_BITS);
        IntVector k = ix.lanewise(VectorOperators.ASHR, 23).sub(127);
        k = k.blend(k.sub(23), subnormal.cast(INTS));
        FloatVector f = ix.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector r = z.fma(w.fma(LG3, LG1), w.mul(w.fma(LG4, LG2)));
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
        FloatVector y = kf.fma(VLOG_LN2_HI, hfsq.sub(s.fma(hfsq.add(r), kf.fma(VLOG_LN2_LO, c))).sub(f).neg());
        y = y.blend(INF, special.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        y = y.blend(NAN, special.compare(VectorOperators.GE, 0f).not());
        return y.blend(NEG_INF, special.compare(VectorOperators.EQ, 0f));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs().min(TANH_MAX);
        FloatVector e = expm1(a.add(a));
        IntVector magnitude = e.div(e.add(2f)).reinterpretAsInts();
        return magnitude.or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
    }

    static FloatVector sin(FloatVector x) { return sinCos(x, 0); }

    static FloatVector cos(FloatVector x) { return sinCos(x, 1); }

    private static FloatVector sinCos(FloatVector x, int quadrant) {
        FloatVector t = x.fma(TWO_OVER_PI, ROUNDER);
        FloatVector j = t.sub(ROUNDER);
        FloatVector r = j.fma(NEG_PIO2_3, j.fma(NEG_PIO2_2, j.fma(NEG_PIO2_1, x)));
        IntVector q = t.reinterpretAsInts().add(quadrant);
        FloatVector z = r.mul(r);
        FloatVector sin = r.mul(z).fma(z.fma(S4, S3).fma(z, VS2).fma(z, VS1), r);
        FloatVector cos = z.mul(z).fma(z.fma(C4, C3).fma(z, VC2).fma(z, VC1), ONE.sub(z.mul(0.5f)));
        FloatVector y = sin.blend(cos, q.and(1).compare(VectorOperators.NE, 0).cast(SPECIES));
        y = y.blend(y.neg(), q.and(2).compare(VectorOperators.NE, 0).cast(SPECIES));
        if (quadrant == 0) y = y.blend(x, x.compare(VectorOperators.EQ, 0f));
        VectorMask<Float> far = x.abs().compare(VectorOperators.GT, TRIG_LIMIT);
        return far.anyTrue() ? strict(x, y, quadrant) : y;
    }

    /** The lanes beyond {@link FloatMath#TRIG_LIMIT} (rare) replaced by fdlibm's result, as the scalar code does. */
    private static FloatVector strict(FloatVector x, FloatVector y, int quadrant) {
        float[] xs = x.toArray();
        float[] ys = y.toArray();
        for (int l = 0; l < xs.length; l++) if (Math.abs(xs[l]) > TRIG_LIMIT) ys[l] = strictSinCos(xs[l], quadrant);
        return FloatVector.fromArray(SPECIES, ys, 0);
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return ONE.blend(e, x.compare(VectorOperators.LT, 0f)).div(ONE.add(e));
    }

    static FloatVector softplus(FloatVector x) {
        return x.max(ZERO).add(log1p(exp(x.abs().neg())));
    }

    static FloatVector elu(FloatVector x, float alpha) {
        return expm1(x).mul(alpha).blend(x, x.compare(VectorOperators.GT, 0f));
    }
}
