package dev.ember.backend;

/**
 * Bit-exact conversions between float32 and the two 16-bit float types, as PyTorch's CPU tensors convert
 * ({@code tensor.to(torch.float16)}, {@code .to(torch.bfloat16)}, {@code .float()}); every backend stores and rounds
 * through these, and {@code HalfConversionsTest} checks them against PyTorch for all 65,536 half bit patterns and
 * millions of float32 ones.
 *
 * <ul>
 *   <li>float16 (IEEE binary16: 1 sign, 5 exponent, 10 mantissa bits) to float32 is exact; a NaN keeps its sign and
 *       payload and comes back quiet (PyTorch's F16C conversion), which is what Java's {@link Float#float16ToFloat}
 *       does too.</li>
 *   <li>float32 to float16 rounds to nearest, ties to even, with subnormals and overflow to infinity from 65,520 on;
 *       a NaN becomes the canonical quiet NaN of its sign ({@code 0x7E00}/{@code 0xFE00}), dropping the payload (Java's {@link Float#floatToFloat16} keeps the payload's top bits, so its NaNs are
 *       replaced).</li>
 *   <li>bfloat16 (the top 16 bits of a float32) to float32 is exact, NaNs included.</li>
 *   <li>float32 to bfloat16 rounds to nearest, ties to even; every NaN becomes {@code 0xFFFF}, as PyTorch's vectorized
 *       CPU conversion writes it (its scalar {@code c10::BFloat16} writes {@code 0x7FC0}; tensors go through the
 *       vectorized one).</li>
 * </ul>
 *
 * <pre>{@code
 * short h = HalfConversions.floatToFloat16(1.0f);        // 0x3C00
 * float f = HalfConversions.bfloat16ToFloat((short) 0x3F80);   // 1.0f
 * }</pre>
 */
public final class HalfConversions {
    private HalfConversions() {}

    /** The largest finite float16, 65504. */
    public static final float FLOAT16_MAX = 65504f;

    public static float float16ToFloat(short h) { return Float.float16ToFloat(h); }

    /**
     * Rounds to nearest even, as PyTorch does; a NaN becomes the quiet NaN {@code 0x7E00} with its sign. The JDK's
     * {@link Float#floatToFloat16} (an intrinsic, one instruction where the CPU has one, and vectorized in loops)
     * gives these bits for every other float: checked over all 2^32 of them against the bit-by-bit rounding it
     * replaced.
     */
    public static short floatToFloat16(float f) {
        short h = Float.floatToFloat16(f);
        return f != f ? (short) ((h & 0x8000) | 0x7E00) : h;
    }

    public static float bfloat16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    public static short floatToBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return (short) 0xFFFF;
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Rounds {@code x} to the nearest float16 and back, as a float16 tensor would hold it. */
    public static float roundToFloat16(float x) { return float16ToFloat(floatToFloat16(x)); }

    /** Rounds {@code x} to the nearest bfloat16 and back, as a bfloat16 tensor would hold it. */
    public static float roundToBfloat16(float x) { return bfloat16ToFloat(floatToBfloat16(x)); }
}
