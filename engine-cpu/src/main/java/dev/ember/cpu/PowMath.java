package dev.ember.cpu;

/**
 * {@code a^b} as C's {@code pow} and PyTorch define it, where Java's differs: {@code pow(1, y)} is 1 for every
 * {@code y}, NaN included, and {@code pow(-1, ±inf)} is 1 (Java's {@code Math.pow} gives NaN for both). The CUDA
 * kernel calls C's {@code pow}, so the two backends agree. {@code StrictMath} keeps the result independent of the
 * JIT.
 */
final class PowMath {
    private PowMath() {}

    static double pow(double a, double b) {
        if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) return 1.0;
        return StrictMath.pow(a, b);
    }
}
