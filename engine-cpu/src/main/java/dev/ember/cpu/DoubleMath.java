package dev.ember.cpu;

/**
 * The float64 transcendental functions of the CPU kernels, SIMD and scalar alike: fdlibm's, through
 * {@code StrictMath}, whose results Java fixes to the bit on every JVM, CPU and JIT state (where
 * {@code java.lang.Math} and the Vector API may use faster code that rounds differently). Accurate to 1 ulp.
 * float32 has polynomial kernels of its own ({@link FloatMath}), vectorised; float64 runs these one element at a
 * time, which costs speed (float64 is not a training dtype) but never a bit of reproducibility.
 */
final class DoubleMath {
    private DoubleMath() {}

    static double exp(double x) { return StrictMath.exp(x); }

    static double expm1(double x) { return StrictMath.expm1(x); }

    static double log(double x) { return StrictMath.log(x); }

    static double log1p(double x) { return StrictMath.log1p(x); }

    static double tanh(double x) { return StrictMath.tanh(x); }

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
