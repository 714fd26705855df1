package dev.ember.backend;

/**
 * The random-number definition every backend follows: a stateless hash of {@code (seed, index)} (SplitMix64's
 * finaliser applied twice), so that a fill is reproducible, splittable across threads and identical on CPU and
 * GPU. Statistical quality is that of SplitMix64, ample for initialisation, dropout and sampling.
 */
public final class CounterRandom {
    private CounterRandom() {}

    public static long bits(long seed, long index) {
        long z = mix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L) + index * 0xBF58476D1CE4E5B9L;
        return mix(z);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public static double uniform(long seed, long index) {
        return (bits(seed, index) >>> 11) * 0x1.0p-53;
    }

    /** Uniform on [0, 1) with 24 random bits: never rounds up to 1 in float32. */
    public static float uniformFloat(long seed, long index) {
        return (bits(seed, index) >>> 40) * 0x1.0p-24f;
    }

    /**
     * Standard normal by Box-Muller from the words {@code first} and {@code first + 1}: element {@code i} of a
     * normal fill at {@code counter} uses {@code first = counter + 2*i}, and the fill consumes {@code 2*size}
     * words, so uniform and normal fills that follow each other never share a word.
     */
    public static double normal(long seed, long first) {
        double u1 = ((bits(seed, first) >>> 11) + 1) * 0x1.0p-53;   // (0, 1]: log is finite
        double u2 = (bits(seed, first + 1) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
