package dev.ember.cuda.kernels;

import dev.ember.DType;
import dev.ember.backend.HalfConversions;

import java.util.List;

/**
 * Values as host_check.cu prints them, the hex of their bits in their own type, moved to and from Java arrays of
 * the CPU backend's element types; and the comparison of two such values, exact or within some ulps.
 */
final class ElementBits {
    private ElementBits() {}

    static DType dtype(String suffix) {
        return switch (suffix) {
            case "b" -> DType.BOOL;
            case "i32" -> DType.INT32;
            case "i64" -> DType.INT64;
            case "f32" -> DType.FLOAT32;
            case "f64" -> DType.FLOAT64;
            case "f16" -> DType.FLOAT16;
            case "bf16" -> DType.BFLOAT16;
            default -> throw new IllegalArgumentException("unknown dtype suffix '" + suffix + "'");
        };
    }

    static long parse(String hex) { return Long.parseUnsignedLong(hex, 16); }

    static double asDouble(long bits) { return Double.longBitsToDouble(bits); }

    /** A Java array of the dtype's element type holding the values whose bits are given. */
    static Object array(DType dtype, List<Long> bits) {
        int n = bits.size();
        switch (dtype) {
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = bits.get(i) != 0; return a; }
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int) (long) bits.get(i); return a; }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = bits.get(i); return a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat((int) (long) bits.get(i)); return a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = Double.longBitsToDouble(bits.get(i)); return a; }
            case FLOAT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) (long) bits.get(i); return a; }
            case BFLOAT16 -> { char[] a = new char[n]; for (int i = 0; i < n; i++) a[i] = (char) (long) bits.get(i); return a; }
        }
        throw new AssertionError(dtype);
    }

    /** The bits of element i of a Java array, as host_check prints them (unsigned, in the type's width). */
    static long bits(Object array, int i) {
        return switch (array) {
            case boolean[] a -> a[i] ? 1 : 0;
            case int[] a -> a[i] & 0xffffffffL;
            case long[] a -> a[i];
            case float[] a -> Float.floatToRawIntBits(a[i]) & 0xffffffffL;
            case double[] a -> Double.doubleToRawLongBits(a[i]);
            case short[] a -> a[i] & 0xffffL;
            case char[] a -> a[i];
            default -> throw new IllegalArgumentException("not an element array: " + array.getClass());
        };
    }

    /**
     * Equal bits; for floats also both NaN, or (ulps > 0) at most {@code ulps} representable values apart. The half
     * types, computed in float and rounded once, allow one of their ulps where the float result may be a few float
     * ulps off (a value near a rounding tie then rounds either way).
     */
    static boolean close(DType dtype, long expected, long actual, int ulps) {
        if (expected == actual) return true;
        if (dtype == DType.FLOAT16 || dtype == DType.BFLOAT16) {
            float e = halfToFloat(dtype, expected), a = halfToFloat(dtype, actual);
            if (Float.isNaN(e) || Float.isNaN(a)) return Float.isNaN(e) && Float.isNaN(a);
            return ulps > 0 && Math.abs(ordered((short) expected) - ordered((short) actual)) <= 1;
        }
        if (dtype == DType.FLOAT32) {
            float e = Float.intBitsToFloat((int) expected), a = Float.intBitsToFloat((int) actual);
            if (Float.isNaN(e) || Float.isNaN(a)) return Float.isNaN(e) && Float.isNaN(a);
            return ulps > 0 && Math.abs((long) ordered((int) expected) - ordered((int) actual)) <= ulps;
        }
        if (dtype == DType.FLOAT64) {
            double e = Double.longBitsToDouble(expected), a = Double.longBitsToDouble(actual);
            if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
            if (ulps == 0) return false;
            try {
                long d = Math.subtractExact(ordered(expected), ordered(actual));
                return d >= -ulps && d <= ulps;
            } catch (ArithmeticException farApart) {
                return false;
            }
        }
        return false;
    }

    private static float halfToFloat(DType dtype, long bits) {
        return dtype == DType.FLOAT16 ? HalfConversions.float16ToFloat((short) bits)
                : HalfConversions.bfloat16ToFloat((short) bits);
    }

    private static int ordered(short bits) { return bits < 0 ? Short.MIN_VALUE - bits : bits; }

    /** A number whose order is the float's, -0 and +0 both 0: the difference of two counts representable values. */
    private static int ordered(int bits) { return bits < 0 ? Integer.MIN_VALUE - bits : bits; }

    private static long ordered(long bits) { return bits < 0 ? Long.MIN_VALUE - bits : bits; }

    static String hex(DType dtype, long bits) {
        return switch (dtype) {
            case BOOL -> String.format("%02x", bits);
            case FLOAT16, BFLOAT16 -> String.format("%04x", bits & 0xffffL);
            case INT32, FLOAT32 -> String.format("%08x", bits & 0xffffffffL);
            case INT64, FLOAT64 -> String.format("%016x", bits);
        };
    }
}
