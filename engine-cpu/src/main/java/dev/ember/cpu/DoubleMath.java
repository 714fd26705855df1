package dev.ember.cpu;

/**
 * float64 exp, expm1, log, log1p and tanh (and sigmoid, softplus, elu on them), written, like {@link FloatMath},
 * only with operations whose results IEEE 754 fixes to the bit (+, -, *, /, fma, min, max, exact conversions,
 * bit manipulation of the exponent), so that a result depends on the input alone: not on the JIT, the CPU or the
 * JDK. {@link DoubleVectorMath} is the same code, operation for operation, on vectors; the two give the same bits
 * ({@code DeterministicMathTest} checks it), and this scalar code is the reference of the SIMD kernels.
 *
 * <p>Accuracy: within 1 ulp of fdlibm ({@code StrictMath}) on every input {@code DeterministicMathTest} tries
 * (random bit patterns, values near 0 and 1, the boundary values); the table in {@code docs/benchmarks.md}
 * gives the figures. Infinities, NaN, signed zeros, subnormal inputs and results, overflow and underflow follow
 * {@code StrictMath}. sin, cos and pow are fdlibm's own ({@code StrictMath}), one element at a time.
 */
final class DoubleMath {
    private DoubleMath() {}

    /** 1.5 * 2^52: adding it to a double in [-2^51, 2^51] rounds it to an integer, kept in the low mantissa bits. */
    static final double ROUNDER = 0x1.8p52;
    static final long ROUNDER_BITS = 0x4338000000000000L;
    static final long SIGN_BIT = 0x8000000000000000L;

    // ---- exp: x = k ln2 + r, |r| <= ln2/2, carried as r + dr; e^r by Taylor to r^13 (truncation < 0.05 ulp) ----
    static final double EXP_MIN = -746;  // below: 0 (e^-745.14 is half the smallest subnormal)
    static final double EXP_MAX = 710;   // above: infinity (e^709.79 overflows)
    static final double LOG2E = 0x1.71547652b82fep0;
    static final double LN2_HI = 0x1.62e42feep-1;          // fdlibm's: 32 bits, so k * LN2_HI is exact
    static final double LN2_LO = 0x1.a39ef35793c76p-33;    // ln 2 - LN2_HI
    /** q(r) = (e^r - 1 - r) / r^2 = 1/2! + r/3! + ... + r^11/13!, highest first. */
    static final double Q11 = 1.0 / 6227020800L, Q10 = 1.0 / 479001600, Q9 = 1.0 / 39916800, Q8 = 1.0 / 3628800,
            Q7 = 1.0 / 362880, Q6 = 1.0 / 40320, Q5 = 1.0 / 5040, Q4 = 1.0 / 720, Q3 = 1.0 / 120, Q2 = 1.0 / 24,
            Q1 = 1.0 / 6, Q0 = 0.5;

    // ---- expm1: the same reduction; 2^k (e^r - 1) + (2^k - 1) summed with its rounding errors kept ----
    static final double EXPM1_MIN = -38;  // below: -1 after rounding (e^-37.43 is half an ulp of 1)
    static final double TINY = 0x1p-54;   // below in magnitude: expm1(x) = log1p(x) = x after rounding

    // ---- log: x = 2^k m, m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f); fdlibm's (musl's) log ----
    static final long SQRT_HALF_BITS = 0x3fe6a09e667f3bcdL;
    static final long MANTISSA = 0x000fffffffffffffL;
    static final double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01,
            LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
            LG7 = 1.479819860511658591e-01;

    // ---- tanh: fdlibm's formula, -t / (t + 2) with t = expm1(-2|x|) below 1, 1 - 2 / (expm1(2|x|) + 2) above ----
    static final double TANH_MAX = 22;   // above: 1 after rounding

    static double exp(double x) {
        double v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double t = Math.fma(v, LOG2E, ROUNDER);
        double k = t - ROUNDER;
        double rhi = Math.fma(k, -LN2_HI, v);                 // exact
        double r = Math.fma(k, -LN2_LO, rhi);
        double dr = Math.fma(k, -LN2_LO, rhi - r);            // x - k ln2 = r + dr
        double q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                Q11, r, Q10), r, Q9), r, Q8), r, Q7), r, Q6), r, Q5), r, Q4), r, Q3), r, Q2), r, Q1), r, Q0);
        double tail = Math.fma(r * r, q, Math.fma(dr, r, dr)); // e^(r + dr) - 1 - r
        double hi = 1.0 + r;
        double p = hi + ((r - (hi - 1.0)) + tail);            // 1 + r + tail, the first sum's error kept
        long ki = Double.doubleToRawLongBits(t) - ROUNDER_BITS;  // in [-1076, 1024]: two factors keep each one normal
        long k1 = ki >> 1;
        return p * pow2(k1) * pow2(ki - k1);
    }

    static double expm1(double x) {
        double v = Math.min(Math.max(x, EXPM1_MIN), EXP_MAX);
        double t = Math.fma(v, LOG2E, ROUNDER);
        double k = t - ROUNDER;
        double rhi = Math.fma(k, -LN2_HI, v);
        double r = Math.fma(k, -LN2_LO, rhi);
        double dr = Math.fma(k, -LN2_LO, rhi - r);
        double q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                Q11, r, Q10), r, Q9), r, Q8), r, Q7), r, Q6), r, Q5), r, Q4), r, Q3), r, Q2), r, Q1), r, Q0);
        double tail = Math.fma(r * r, q, Math.fma(dr, r, dr));
        double ph = r + tail;
        double pl = (r - ph) + tail;                          // e^r - 1 = ph + pl
        long ki = Double.doubleToRawLongBits(t) - ROUNDER_BITS;  // in [-55, 1024]
        long k1 = Math.min(ki, 1023);                         // 2^1024 is not a double: 2 (2^1023 (e^r - 1) + 2^1023 - 1/2)
        double s = pow2(k1);
        double one = pow2(k1 - ki);
        double a = s - one;                                   // exact up to k = 53
        double aErr = (s - a) - one;                          // what it rounded away above
        double b = s * ph;                                    // exact
        double u = a + b;
        double bb = u - a;
        double e = (a - (u - bb)) + (b - bb);                 // a + b = u + e exactly
        double y = (u + (e + Math.fma(s, pl, aErr))) * pow2(ki - k1);
        return Math.abs(x) < TINY ? x : y;
    }

    /** {@code 2^e} for e in [-1022, 1023]. */
    private static double pow2(long e) {
        return Double.longBitsToDouble((e + 1023) << 52);
    }

    static double log(double x) {
        return logCore(x, 0.0, x);
    }

    /** log(1 + x): the log of u = 1 + x, plus the part of x that the sum rounded away, divided by u. */
    static double log1p(double x) {
        double u = 1.0 + x;
        double lost = x > 1.0 ? 1.0 - (u - x) : x - (u - 1.0);   // exact either way (the larger term first)
        double y = logCore(u, Math.abs(u) < Double.POSITIVE_INFINITY && u > 0.0 ? lost / u : 0.0, u);
        return Math.abs(x) < TINY ? x : y;
    }

    /** log(x) + c, for the special cases the value of {@code special}. */
    private static double logCore(double x, double c, double special) {
        boolean subnormal = x < Double.MIN_NORMAL;
        double xs = subnormal ? x * 0x1p54 : x;
        long ix = Double.doubleToRawLongBits(xs) + (0x3ff0000000000000L - SQRT_HALF_BITS);
        long k = (ix >> 52) - 1023 - (subnormal ? 54 : 0);
        double f = Double.longBitsToDouble((ix & MANTISSA) + SQRT_HALF_BITS) - 1.0;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double r = Math.fma(z, Math.fma(w, Math.fma(w, Math.fma(w, LG7, LG5), LG3), LG1), w * Math.fma(w, Math.fma(w, LG6, LG4), LG2));
        double hfsq = 0.5 * f * f;
        double kf = k;
        double y = Math.fma(kf, LN2_HI, -((hfsq - Math.fma(s, hfsq + r, Math.fma(kf, LN2_LO, c))) - f));
        if (special == 0.0) return Double.NEGATIVE_INFINITY;
        if (!(special >= 0.0)) return Double.NaN;             // negative or NaN
        if (special == Double.POSITIVE_INFINITY) return special;
        return y;
    }

    /**
     * fdlibm's formula, but with e^(2|x|) - 1 kept as a sum of two doubles (expm1's code, inline, before its last
     * rounding): below 1, -t / (t + 2) turns t's rounding error into up to 2 ulps of the result otherwise.
     */
    static double tanh(double x) {
        double a = Math.min(Math.abs(x), TANH_MAX);
        boolean small = a < 1.0;
        double v = small ? -(a + a) : a + a;                   // in [-2, 44]: k in [-3, 64], no clamps, no scaling
        double t = Math.fma(v, LOG2E, ROUNDER);
        double k = t - ROUNDER;
        double rhi = Math.fma(k, -LN2_HI, v);
        double r = Math.fma(k, -LN2_LO, rhi);
        double dr = Math.fma(k, -LN2_LO, rhi - r);
        double q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                Q11, r, Q10), r, Q9), r, Q8), r, Q7), r, Q6), r, Q5), r, Q4), r, Q3), r, Q2), r, Q1), r, Q0);
        double tail = Math.fma(r * r, q, Math.fma(dr, r, dr));
        double ph = r + tail;
        double pl = (r - ph) + tail;
        double s = pow2(Double.doubleToRawLongBits(t) - ROUNDER_BITS);
        double a1 = s - 1.0;
        double aErr = (s - a1) - 1.0;
        double b = s * ph;
        double u = a1 + b;
        double bb = u - a1;
        double c = ((a1 - (u - bb)) + (b - bb)) + Math.fma(s, pl, aErr);
        double th = u + c;
        double tl = c - (th - u);                              // e^v - 1 = th + tl
        double dh = th + 2.0;
        double dl = (small ? (2.0 - dh) + th : (th - dh) + 2.0) + tl;   // th + 2 = dh + dl
        double num = small ? -th : 2.0;
        double q0 = num / dh;
        double quotient = q0 + (Math.fma(-q0, dh, num) + Math.fma(-q0, dl, small ? -tl : 0.0)) / dh;
        double z = small ? quotient : 1.0 - quotient;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(z) & ~SIGN_BIT) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    }

    static double sin(double x) { return StrictMath.sin(x); }

    static double cos(double x) { return StrictMath.cos(x); }

    static double pow(double a, double b) { return StrictMath.pow(a, b); }

    /** {@code 1 / (1 + e^-x)} for {@code x >= 0}, {@code e^x / (1 + e^x)} below: never e to a large positive power. */
    static double sigmoid(double x) {
        double e = exp(-Math.abs(x));
        return (x < 0 ? e : 1.0) / (1.0 + e);
    }

    /** {@code max(x, 0) + log1p(e^-|x|)}. */
    static double softplus(double x) {
        return Math.max(x, 0.0) + log1p(exp(-Math.abs(x)));
    }

    static double elu(double x, double alpha) {
        return x > 0 ? x : expm1(x) * alpha;
    }
}
