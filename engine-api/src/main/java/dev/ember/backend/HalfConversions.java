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
 *       a NaN becomes the canonical quiet NaN of its sign ({@code 0x7E00}/{@code 0xFE00}), dropping the payload (Java's {@link Float#floatToFloat16} keeps the payload's top bits, so it is not used).</li>
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

    public static short floatToFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFFFFFF;
        if (magnitude > 0x7F800000) return (short) (sign | 0x7E00);
        if (magnitude >= 0x477FF000) return (short) (sign | 0x7C00);   // 65520 and up round to infinity
        if (magnitude >= 0x38800000) {                                  // a normal float16 (2^-14 and up)
            int h = (magnitude >>> 13) - (112 << 10);
            int rest = magnitude & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++;   // a carry into the exponent is right
            return (short) (sign | h);
        }
        // subnormal or zero: the count of 2^-24 units, rounded half to even (the double product is exact)
        int units = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24);
        return (short) (sign | units);
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
