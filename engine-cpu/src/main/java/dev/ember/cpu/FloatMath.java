package dev.ember.cpu;

/**
 * float32 exp, expm1, log, log1p, tanh, sin and cos, written only with operations whose results IEEE 754 fixes
 * to the bit (+, -, *, /, fma, min, max, exact conversions, and bit manipulation of the exponent), so that a
 * result depends on the input alone: not on the JIT (the Vector API's own EXP, LOG, TANH... round one way
 * interpreted, another way compiled to Intel's SVML stubs), not on the CPU, not on the JDK.
 * {@link FloatVectorMath} is the same code, operation for operation, on vectors; the two give the same bits
 * ({@code DeterministicMathTest} checks it), and this scalar code is the reference of the SIMD kernels.
 *
 * <p>Accuracy against {@code StrictMath} (fdlibm, rounded to float), measured by {@code DeterministicMathTest}
 * over every 37th float32 and the boundary values: at most 1 ulp for exp, log, sin and cos, 2 ulp for expm1,
 * log1p and tanh (the table in {@code docs/benchmarks.md} gives the figures). Infinities, NaN, signed zeros,
 * subnormal inputs and results, overflow and underflow follow {@code StrictMath}. sin and cos reduce their
 * argument by pi/2 in three float parts, which is accurate up to {@link #TRIG_LIMIT}; beyond it they take
 * {@code StrictMath} itself (rounded to float), which is as deterministic and rarely needed.
 */
final class FloatMath {
    private FloatMath() {}

    /** 1.5 * 2^23: adding it to a float in [-2^22, 2^22] rounds it to an integer, kept in the low mantissa bits. */
    static final float ROUNDER = 0x1.8p23f;
    static final int ROUNDER_BITS = 0x4B400000;

    // ---- exp: x = k ln2 + r, |r| <= ln2/2; e^r by a degree-7 minimax polynomial (Cephes' expf) ----
    static final float EXP_MIN = -104f;   // below: 0 (e^-103.98 is half the smallest subnormal)
    static final float EXP_MAX = 89f;     // above: infinity (e^88.73 overflows)
    /** Within +-87, k is in [-126, 126]: 2^k is a normal float (the vector code's fast path). */
    static final float FAST_LIMIT = 87f;
    static final float LOG2E = 0x1.715476p0f;
    static final float LN2_HI = 0x1.63p-1f;          // 0.693359375: k * LN2_HI is exact
    static final float LN2_LO = -0x1.bd0106p-13f;    // ln 2 - LN2_HI
    static final float E5 = 1.9875691500E-4f, E4 = 1.3981999507E-3f, E3 = 8.3334519073E-3f, E2 = 4.1665795894E-2f,
            E1 = 1.6666665459E-1f, E0 = 5.0000001201E-1f;

    // ---- expm1: the same reduction, e^r - 1 = r + r^2 (1/2 + r/6 + ...) to r^8 (Taylor) ----
    static final float EXPM1_MIN = -18f;  // below: -1 after rounding
    static final float TINY = 0x1p-25f;   // below in magnitude: expm1(x) = log1p(x) = x after rounding
    static final float M6 = 1f / 40320, M5 = 1f / 5040, M4 = 1f / 720, M3 = 1f / 120, M2 = 1f / 24, M1 = 1f / 6, M0 = 0.5f;

    // ---- log: x = 2^k m, m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f); fdlibm's (FreeBSD's) logf ----
    static final int SQRT_HALF_BITS = 0x3f3504f3;
    static final float LOG_LN2_HI = 0x1.62e3p-1f;    // 6.9313812256e-01, 16 bits: k * LOG_LN2_HI is exact
    static final float LOG_LN2_LO = 0x1.2fefa4p-17f;  // 9.0580006145e-06
    static final float LG1 = 0xaaaaaa.0p-24f, LG2 = 0xccce13.0p-25f, LG3 = 0x91e9ee.0p-25f, LG4 = 0xf89e26.0p-26f;

    // ---- tanh = expm1(2|x|) / (expm1(2|x|) + 2), signed; 1 beyond TANH_MAX after rounding ----
    static final float TANH_MAX = 10f;
    static final int SIGN_BIT = 0x80000000;

    // ---- sin, cos: x = j pi/2 + r, |r| <= pi/4, then sin or cos of r by Taylor polynomials ----
    static final float TRIG_LIMIT = 0x1p17f;
    static final float TWO_OVER_PI = 0x1.45f306p-1f;
    static final float PIO2_1 = 0x1.921fb6p0f, PIO2_2 = -0x1.777a5cp-25f, PIO2_3 = -0x1.ee59dap-50f;
    static final float S4 = 1f / 362880, S3 = -1f / 5040, S2 = 1f / 120, S1 = -1f / 6;
    static final float C4 = -1f / 3628800, C3 = 1f / 40320, C2 = -1f / 720, C1 = 1f / 24;

    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(v, LOG2E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, v));
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E5, r, E4), r, E3), r, E2), r, E1), r, E0);
        float p = 1f + Math.fma(r * r, q, r);
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;   // in [-150, 128]: two factors keep each one normal
        int k1 = ki >> 1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((ki - k1 + 127) << 23);
    }

    static float expm1(float x) {
        float v = Math.min(Math.max(x, EXPM1_MIN), EXP_MAX);
        float t = Math.fma(v, LOG2E, ROUNDER);
        float k = t - ROUNDER;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, v));
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(M6, r, M5), r, M4), r, M3), r, M2), r, M1), r, M0);
        float p = Math.fma(r * r, q, r);                      // e^r - 1
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS;   // in [-26, 128]
        int k1 = Math.min(ki, 127);                           // 2^128 is not a float: 2 (2^127 (e^r - 1) + 2^127 - 1/2)
        float s = Float.intBitsToFloat((k1 + 127) << 23);
        float y = Math.fma(s, p, s - Float.intBitsToFloat((k1 - ki + 127) << 23)) * Float.intBitsToFloat((ki - k1 + 127) << 23);
        return Math.abs(x) < TINY ? x : y;                    // 2^k (e^r - 1) + 2^k - 1, rounded once below 2^128
    }

    static float log(float x) {
        return logCore(x, 0f, x);
    }

    /** log(1 + x): the log of u = 1 + x, plus the part of x that the sum rounded away, divided by u. */
    static float log1p(float x) {
        float u = 1f + x;
        float c = (x - (u - 1f)) / u;                         // exact numerator
        float y = logCore(u, Math.abs(u) < Float.POSITIVE_INFINITY && u > 0f ? c : 0f, u);
        return Math.abs(x) < TINY ? x : y;
    }

    /** log(x) + c, for the special cases the value of {@code special}. */
    private static float logCore(float x, float c, float special) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float xs = subnormal ? x * 0x1p23f : x;
        int ix = Float.floatToRawIntBits(xs) + (0x3f800000 - SQRT_HALF_BITS);
        int k = (ix >> 23) - 127 - (subnormal ? 23 : 0);
        float f = Float.intBitsToFloat((ix & 0x007fffff) + SQRT_HALF_BITS) - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float w = z * z;
        float r = Math.fma(z, Math.fma(w, LG3, LG1), w * Math.fma(w, LG4, LG2));
        float hfsq = 0.5f * f * f;
        float kf = k;
        float y = Math.fma(kf, LOG_LN2_HI, -((hfsq - Math.fma(s, hfsq + r, Math.fma(kf, LOG_LN2_LO, c))) - f));
        if (special == 0f) return Float.NEGATIVE_INFINITY;
        if (!(special >= 0f)) return Float.NaN;               // negative or NaN
        if (special == Float.POSITIVE_INFINITY) return special;
        return y;
    }

    static float tanh(float x) {
        float a = Math.min(Math.abs(x), TANH_MAX);
        float e = expm1(a + a);
        return Float.intBitsToFloat(Float.floatToRawIntBits(e / (e + 2f)) | (Float.floatToRawIntBits(x) & SIGN_BIT));
    }

    static float sin(float x) { return sinCos(x, 0); }

    static float cos(float x) { return sinCos(x, 1); }

    /** sin(x + quadrant pi/2). */
    private static float sinCos(float x, int quadrant) {
        if (Math.abs(x) > TRIG_LIMIT) return strictSinCos(x, quadrant);
        float t = Math.fma(x, TWO_OVER_PI, ROUNDER);
        float j = t - ROUNDER;
        float r = Math.fma(j, -PIO2_3, Math.fma(j, -PIO2_2, Math.fma(j, -PIO2_1, x)));
        int q = Float.floatToRawIntBits(t) + quadrant;      // ROUNDER_BITS is a multiple of 4: the low bits are j's
        float z = r * r;
        float sin = Math.fma(r * z, Math.fma(Math.fma(Math.fma(S4, z, S3), z, S2), z, S1), r);
        float cos = Math.fma(z * z, Math.fma(Math.fma(Math.fma(C4, z, C3), z, C2), z, C1), 1f - 0.5f * z);
        float y = (q & 1) != 0 ? cos : sin;
        y = (q & 2) != 0 ? -y : y;
        return x == 0f && quadrant == 0 ? x : y;           // sin(-0) = -0
    }

    /** Beyond {@link #TRIG_LIMIT}, and for infinities: fdlibm's sin or cos, rounded to float. */
    static float strictSinCos(float x, int quadrant) {
        return (float) (quadrant == 0 ? StrictMath.sin(x) : StrictMath.cos(x));
    }

    /** {@code 1 / (1 + e^-x)}, never e to a large positive power. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0f ? e : 1f) / (1f + e);
    }

    /** {@code max(x, 0) + log1p(e^-|x|)}. */
    static float softplus(float x) {
        return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
    }

    static float elu(float x, float alpha) {
        return x > 0f ? x : expm1(x) * alpha;
    }
}
