package dev.ember.cpu;

/**
 * {@code erf} and {@code erfc} in float64 from exact IEEE operations and {@link StrictMath#exp}, so the same input
 * gives the same bits on every JVM whatever the JIT does (Java has no {@code StrictMath.erf}). The method and its
 * coefficients are fdlibm's {@code s_erf.c} (the algorithm of glibc's and musl's {@code erf}; ErrorFunctionTest
 * measures erf within 1 ulp of the exact value and erfc within 2), whose notice follows:
 *
 * <pre>
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * </pre>
 *
 * <p>Five intervals of {@code |x|}: below 0.84375 {@code erf(x) = x + x R(x^2)} with a rational {@code R}; to 1.25
 * a rational function of {@code |x| - 1} added to {@code erf(1)} rounded to 24 bits; from there to 28, {@code
 * erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2)) / x} with {@code x^2} split exactly (the high half of {@code x} squares
 * without rounding), which keeps erfc's relative accuracy deep into its tail; beyond, the limits. erfc never
 * computes {@code 1 - erf} where erf is near 1.
 */
final class ErrorFunction {
    private ErrorFunction() {}

    private static final double ERX = 8.45062911510467529297e-01;   // erf(1) rounded to float
    private static final double EFX = 1.28379167095512586316e-01;   // 2/sqrt(pi) - 1
    private static final double EFX8 = 1.02703333676410069053e+00;

    // erf on [0, 0.84375]: x + x * P(x^2) / Q(x^2)
    private static final double PP0 = 1.28379167095512558561e-01, PP1 = -3.25042107247001499370e-01,
            PP2 = -2.84817495755985104766e-02, PP3 = -5.77027029648944159157e-03, PP4 = -2.37630166566501626084e-05;
    private static final double QQ1 = 3.97917223959155352819e-01, QQ2 = 6.50222499887672944485e-02,
            QQ3 = 5.08130628187576562776e-03, QQ4 = 1.32494738004321644526e-04, QQ5 = -3.96022827877536812320e-06;

    // erf on [0.84375, 1.25]: ERX + P(s) / Q(s), s = |x| - 1
    private static final double PA0 = -2.36211856075265944077e-03, PA1 = 4.14856118683748331666e-01,
            PA2 = -3.72207876035701323847e-01, PA3 = 3.18346619901161753674e-01, PA4 = -1.10894694282396677476e-01,
            PA5 = 3.54783043256182359371e-02, PA6 = -2.16637559486879084300e-03;
    private static final double QA1 = 1.06420880400844228286e-01, QA2 = 5.40397917702171048937e-01,
            QA3 = 7.18286544141962662868e-02, QA4 = 1.26171219808761642112e-01, QA5 = 1.36370839120290507362e-02,
            QA6 = 1.19844998467991074170e-02;

    // erfc on [1.25, 1/0.35]: exp(-x^2 - 0.5625 + R(z) / S(z)) / x, z = 1/x^2
    private static final double RA0 = -9.86494403484714822705e-03, RA1 = -6.93858572707181764372e-01,
            RA2 = -1.05586262253232909814e+01, RA3 = -6.23753324503260060396e+01, RA4 = -1.62396669462573470355e+02,
            RA5 = -1.84605092906711035994e+02, RA6 = -8.12874355063065934246e+01, RA7 = -9.81432934416914548592e+00;
    private static final double SA1 = 1.96512716674392571292e+01, SA2 = 1.37657754143519042600e+02,
            SA3 = 4.34565877475229228821e+02, SA4 = 6.45387271733267880336e+02, SA5 = 4.29008140027567833386e+02,
            SA6 = 1.08635005541779435134e+02, SA7 = 6.57024977031928170135e+00, SA8 = -6.04244152148580987438e-02;

    // erfc on [1/0.35, 28]: the same form with other coefficients
    private static final double RB0 = -9.86494292470009928597e-03, RB1 = -7.99283237680523006574e-01,
            RB2 = -1.77579549177547519889e+01, RB3 = -1.60636384855821916062e+02, RB4 = -6.37566443368389627722e+02,
            RB5 = -1.02509513161107724954e+03, RB6 = -4.83519191608651397019e+02;
    private static final double SB1 = 3.03380607434824582924e+01, SB2 = 3.25792512996573918826e+02,
            SB3 = 1.53672958608443695994e+03, SB4 = 3.19985821950859553908e+03, SB5 = 2.55305040643316442583e+03,
            SB6 = 4.74528541206955367215e+02, SB7 = -2.24409524465858183362e+01;

    /** The high 32 bits of {@code x}, the word fdlibm compares its interval bounds with. */
    private static int high(double x) { return (int) (Double.doubleToRawLongBits(x) >>> 32); }

    static double erf(double x) {
        int hx = high(x);
        int ix = hx & 0x7fffffff;
        if (ix >= 0x7ff00000) return Double.isNaN(x) ? x : Math.copySign(1.0, x);   // NaN, ±inf
        if (ix < 0x3feb0000) {                                                      // |x| < 0.84375
            if (ix < 0x3e300000) {                                                  // |x| < 2^-28
                if (ix < 0x00800000) return 0.125 * (8.0 * x + EFX8 * x);           // avoids underflow
                return x + EFX * x;
            }
            return x + x * smallRatio(x * x);
        }
        if (ix < 0x3ff40000) {                                                      // |x| < 1.25
            double pq = nearOneRatio(Math.abs(x) - 1.0);
            return hx >= 0 ? ERX + pq : -ERX - pq;
        }
        if (ix >= 0x40180000) return hx >= 0 ? 1.0 : -1.0;                          // |x| >= 6
        double r = tail(Math.abs(x), ix);
        return hx >= 0 ? 1.0 - r : r - 1.0;
    }

    static double erfc(double x) {
        int hx = high(x);
        int ix = hx & 0x7fffffff;
        if (ix >= 0x7ff00000) return Double.isNaN(x) ? x : x > 0 ? 0.0 : 2.0;       // NaN, ±inf
        if (ix < 0x3feb0000) {                                                      // |x| < 0.84375
            if (ix < 0x3c700000) return 1.0 - x;                                    // |x| < 2^-56
            double y = smallRatio(x * x);
            if (hx < 0x3fd00000) return 1.0 - (x + x * y);                          // x < 1/4
            return 0.5 - (x * y + (x - 0.5));
        }
        if (ix < 0x3ff40000) {                                                      // |x| < 1.25
            double pq = nearOneRatio(Math.abs(x) - 1.0);
            return hx >= 0 ? (1.0 - ERX) - pq : 1.0 + (ERX + pq);
        }
        if (ix < 0x403c0000) {                                                      // |x| < 28
            if (hx < 0 && ix >= 0x40180000) return 2.0;                             // x <= -6
            double r = tail(Math.abs(x), ix);
            return hx > 0 ? r : 2.0 - r;
        }
        return hx > 0 ? 0.0 : 2.0;
    }

    /** {@code (erf(x) - x) / x} for {@code |x| < 0.84375}, as a rational function of {@code z = x^2}. */
    private static double smallRatio(double z) {
        double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
        double s = 1.0 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
        return r / s;
    }

    /** {@code erf(1 + s) - ERX} for {@code |1 + s|} in [0.84375, 1.25). */
    private static double nearOneRatio(double s) {
        double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
        double q = 1.0 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
        return p / q;
    }

    /** {@code erfc(a)} for {@code a} in [1.25, 28); {@code ix} is the high word of {@code a}. */
    private static double tail(double a, int ix) {
        double s = 1.0 / (a * a);
        double r, q;
        if (ix < 0x4006db6d) {                                                      // a < 1/0.35
            r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            q = 1.0 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
        } else {
            r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            q = 1.0 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
        }
        // -a^2 = -z^2 + (z - a)(z + a) with z = a's high 21 significant bits: z^2 is exact
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(a) & 0xffffffff00000000L);
        return StrictMath.exp(-z * z - 0.5625) * StrictMath.exp((z - a) * (z + a) + r / q) / a;
    }
}
