package dev.ember.cpu;

import static dev.ember.cpu.DoubleMath.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DoubleMath} on vectors: the same operations in the same order, lane by lane, so each lane gets exactly
 * the bits the scalar function gives (as {@link FloatVectorMath} is to {@link FloatMath}). Keep the two files in
 * step: a change to one formula is a change to both ({@code DeterministicMathTest} compares them on every op).
 */
final class DoubleVectorMath {
    private DoubleVectorMath() {}

    private static final VectorSpecies<Double> SPECIES = DoubleVectorLoops.SPECIES;
    private static final VectorSpecies<Long> LONGS = SPECIES.withLanes(long.class);

    private static DoubleVector v(double value) { return DoubleVector.broadcast(SPECIES, value); }

    private static final DoubleVector NEG_LN2_HI = v(-LN2_HI), NEG_LN2_LO = v(-LN2_LO), VLN2_HI = v(LN2_HI), VLN2_LO = v(LN2_LO);
    private static final DoubleVector VQ10 = v(Q10), VQ9 = v(Q9), VQ8 = v(Q8), VQ7 = v(Q7), VQ6 = v(Q6), VQ5 = v(Q5),
            VQ4 = v(Q4), VQ3 = v(Q3), VQ2 = v(Q2), VQ1 = v(Q1), VQ0 = v(Q0);
    private static final DoubleVector VLG3 = v(LG3), VLG2 = v(LG2), VLG1 = v(LG1);
    private static final DoubleVector ZERO = v(0.0), ONE = v(1.0), TWO = v(2.0);
    private static final DoubleVector NAN = v(Double.NaN), INF = v(Double.POSITIVE_INFINITY), NEG_INF = v(Double.NEGATIVE_INFINITY);

    /** {@code 2^e} for long lanes e in [-1022, 1023]. */
    private static DoubleVector pow2(LongVector e) {
        return e.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    /** (e^r - 1 - r) / r^2, {@link DoubleMath}'s q. */
    private static DoubleVector q(DoubleVector r) {
        return r.fma(Q11, Q10).fma(r, VQ9).fma(r, VQ8).fma(r, VQ7).fma(r, VQ6).fma(r, VQ5).fma(r, VQ4).fma(r, VQ3)
                .fma(r, VQ2).fma(r, VQ1).fma(r, VQ0);
    }

    static DoubleVector exp(DoubleVector x) {
        DoubleVector v = x.max(EXP_MIN).min(EXP_MAX);
        DoubleVector t = v.fma(LOG2E, ROUNDER);
        DoubleVector k = t.sub(ROUNDER);
        DoubleVector rhi = k.fma(NEG_LN2_HI, v);
        DoubleVector r = k.fma(NEG_LN2_LO, rhi);
        DoubleVector dr = k.fma(NEG_LN2_LO, rhi.sub(r));
        DoubleVector tail = r.mul(r).fma(q(r), dr.fma(r, dr));
        DoubleVector hi = ONE.add(r);
        DoubleVector p = hi.add(r.sub(hi.sub(1.0)).add(tail));
        LongVector ki = t.reinterpretAsLongs().sub(ROUNDER_BITS);
        LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        return p.mul(pow2(k1)).mul(pow2(ki.sub(k1)));
    }

    static DoubleVector expm1(DoubleVector x) {
        DoubleVector v = x.max(EXPM1_MIN).min(EXP_MAX);
        DoubleVector t = v.fma(LOG2E, ROUNDER);
        DoubleVector k = t.sub(ROUNDER);
        DoubleVector rhi = k.fma(NEG_LN2_HI, v);
        DoubleVector r = k.fma(NEG_LN2_LO, rhi);
        DoubleVector dr = k.fma(NEG_LN2_LO, rhi.sub(r));
        DoubleVector tail = r.mul(r).fma(q(r), dr.fma(r, dr));
        DoubleVector ph = r.add(tail);
        DoubleVector pl = r.sub(ph).add(tail);
        LongVector ki = t.reinterpretAsLongs().sub(ROUNDER_BITS);
        LongVector k1 = ki.min(1023);
        DoubleVector s = pow2(k1);
        DoubleVector one = pow2(k1.sub(ki));
        DoubleVector a = s.sub(one);
        DoubleVector aErr = s.sub(a).sub(one);
        DoubleVector b = s.mul(ph);
        DoubleVector u = a.add(b);
        DoubleVector bb = u.sub(a);
        DoubleVector e = a.sub(u.sub(bb)).add(b.sub(bb));
        DoubleVector y = u.add(e.add(s.fma(pl, aErr))).mul(pow2(ki.sub(k1)));
        return y.blend(x, x.abs().compare(VectorOperators.LT, TINY));
    }

    static DoubleVector log(DoubleVector x) {
        return logCore(x, ZERO, x);
    }

    static DoubleVector log1p(DoubleVector x) {
        DoubleVector u = x.add(1.0);
        DoubleVector lost = x.sub(u.sub(1.0)).blend(ONE.sub(u.sub(x)), x.compare(VectorOperators.GT, 1.0));
        VectorMask<Double> finitePositive = u.compare(VectorOperators.LT, Double.POSITIVE_INFINITY).and(u.compare(VectorOperators.GT, 0.0));
        DoubleVector y = logCore(u, ZERO.blend(lost.div(u), finitePositive), u);
        return y.blend(x, x.abs().compare(VectorOperators.LT, TINY));
    }

    private static DoubleVector logCore(DoubleVector x, DoubleVector c, DoubleVector special) {
        VectorMask<Double> subnormal = x.compare(VectorOperators.LT, Double.MIN_NORMAL);
        DoubleVector xs = x.blend(x.mul(0x1p54), subnormal);
        LongVector ix = xs.reinterpretAsLongs().add(0x3ff0000000000000L - SQRT_HALF_BITS);
        LongVector k = ix.lanewise(VectorOperators.ASHR, 52).sub(1023);
        k = k.blend(k.sub(54), subnormal.cast(LONGS));
        DoubleVector f = ix.and(MANTISSA).add(SQRT_HALF_BITS).reinterpretAsDoubles().sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector w = z.mul(z);
        DoubleVector r = z.fma(w.fma(w.fma(w.fma(LG7, LG5), VLG3), VLG1), w.mul(w.fma(w.fma(LG6, LG4), VLG2)));
        DoubleVector hfsq = f.mul(0.5).mul(f);
        // k (|k| < 2^11) to double exactly, as the scalar cast does: through the rounder's mantissa bits
        DoubleVector kf = k.add(ROUNDER_BITS).reinterpretAsDoubles().sub(ROUNDER);
        DoubleVector y = kf.fma(VLN2_HI, hfsq.sub(s.fma(hfsq.add(r), kf.fma(VLN2_LO, c))).sub(f).neg());
        y = y.blend(INF, special.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
        y = y.blend(NAN, special.compare(VectorOperators.GE, 0.0).not());
        return y.blend(NEG_INF, special.compare(VectorOperators.EQ, 0.0));
    }

    static DoubleVector tanh(DoubleVector x) {
        DoubleVector a = x.abs().min(TANH_MAX);
        VectorMask<Double> small = a.compare(VectorOperators.LT, 1.0);
        DoubleVector twoA = a.add(a);
        DoubleVector v = twoA.blend(twoA.neg(), small);
        DoubleVector t = v.fma(LOG2E, ROUNDER);
        DoubleVector k = t.sub(ROUNDER);
        DoubleVector rhi = k.fma(NEG_LN2_HI, v);
        DoubleVector r = k.fma(NEG_LN2_LO, rhi);
        DoubleVector dr = k.fma(NEG_LN2_LO, rhi.sub(r));
        DoubleVector tail = r.mul(r).fma(q(r), dr.fma(r, dr));
        DoubleVector ph = r.add(tail);
        DoubleVector pl = r.sub(ph).add(tail);
        DoubleVector s = pow2(t.reinterpretAsLongs().sub(ROUNDER_BITS));
        DoubleVector a1 = s.sub(1.0);
        DoubleVector aErr = s.sub(a1).sub(1.0);
        DoubleVector b = s.mul(ph);
        DoubleVector u = a1.add(b);
        DoubleVector bb = u.sub(a1);
        DoubleVector c = a1.sub(u.sub(bb)).add(b.sub(bb)).add(s.fma(pl, aErr));
        DoubleVector th = u.add(c);
        DoubleVector tl = c.sub(th.sub(u));
        DoubleVector dh = th.add(2.0);
        DoubleVector dl = th.sub(dh).add(2.0).blend(TWO.sub(dh).add(th), small).add(tl);
        DoubleVector num = TWO.blend(th.neg(), small);
        DoubleVector q0 = num.div(dh);
        DoubleVector negQ0 = q0.neg();
        DoubleVector quotient = q0.add(negQ0.fma(dh, num).add(negQ0.fma(dl, ZERO.blend(tl.neg(), small))).div(dh));
        DoubleVector z = ONE.sub(quotient).blend(quotient, small);
        LongVector magnitude = z.reinterpretAsLongs().and(~SIGN_BIT);
        return magnitude.or(x.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles();
    }

    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = exp(x.abs().neg());
        return ONE.blend(e, x.compare(VectorOperators.LT, 0.0)).div(ONE.add(e));
    }

    static DoubleVector softplus(DoubleVector x) {
        return x.max(ZERO).add(log1p(exp(x.abs().neg())));
    }

    static DoubleVector elu(DoubleVector x, double alpha) {
        return expm1(x).mul(alpha).blend(x, x.compare(VectorOperators.GT, 0.0));
    }
}
