package dev.ember.cpu;

import dev.ember.backend.HalfConversions;

/**
 * Moves a strided run of elements of any dtype to and from a scratch buffer: {@code double[]} for float
 * arithmetic, {@code long[]} for integer and bool arithmetic. One switch per run, not per element. The half types
 * store through float32 ({@code (float)} first, then round to nearest even), as PyTorch converts a double or an
 * integer to them.
 */
final class RowIO {
    private RowIO() {}

    static void load(CpuStorage s, int start, int stride, int n, double[] dst) {
        switch (s.array) {
            case float[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p]; }
            case double[] a -> {
                if (stride == 1) System.arraycopy(a, start, dst, 0, n);
                else for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p];
            }
            case int[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p]; }
            case long[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p]; }
            case boolean[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p] ? 1 : 0; }
            case short[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = HalfConversions.float16ToFloat(a[p]); }
            case char[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = HalfConversions.bfloat16ToFloat((short) a[p]); }
            default -> throw new IllegalStateException();
        }
    }

    static void load(CpuStorage s, int start, int stride, int n, long[] dst) {
        switch (s.array) {
            case float[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = (long) a[p]; }
            case double[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = (long) a[p]; }
            case int[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p]; }
            case long[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p]; }
            case boolean[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = a[p] ? 1 : 0; }
            case short[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = (long) HalfConversions.float16ToFloat(a[p]); }
            case char[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) dst[i] = (long) HalfConversions.bfloat16ToFloat((short) a[p]); }
            default -> throw new IllegalStateException();
        }
    }

    /** Stores with C-style conversion: floats truncate toward zero into integers; non-zero (and NaN) is true. */
    static void store(double[] src, int n, CpuStorage s, int start, int stride) {
        switch (s.array) {
            case float[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (float) src[i]; }
            case double[] a -> {
                if (stride == 1) System.arraycopy(src, 0, a, start, n);
                else for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i];
            }
            case int[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (int) src[i]; }
            case long[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (long) src[i]; }
            case boolean[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i] != 0; }
            case short[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = HalfConversions.floatToFloat16((float) src[i]); }
            case char[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (char) HalfConversions.floatToBfloat16((float) src[i]); }
            default -> throw new IllegalStateException();
        }
    }

    static void store(long[] src, int n, CpuStorage s, int start, int stride) {
        switch (s.array) {
            case float[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i]; }
            case double[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i]; }
            case int[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (int) src[i]; }
            case long[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i]; }
            case boolean[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = src[i] != 0; }
            case short[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = HalfConversions.floatToFloat16((float) src[i]); }
            case char[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (char) HalfConversions.floatToBfloat16((float) src[i]); }
            default -> throw new IllegalStateException();
        }
    }

    /** Stores one value at storage index {@code at}, converted as {@link #store(double[], int, CpuStorage, int, int)} does. */
    static void store(double v, CpuStorage s, int at) {
        switch (s.array) {
            case float[] a -> a[at] = (float) v;
            case double[] a -> a[at] = v;
            case int[] a -> a[at] = (int) v;
            case long[] a -> a[at] = (long) v;
            case boolean[] a -> a[at] = v != 0;
            case short[] a -> a[at] = HalfConversions.floatToFloat16((float) v);
            case char[] a -> a[at] = (char) HalfConversions.floatToBfloat16((float) v);
            default -> throw new IllegalStateException();
        }
    }

    static void store(long v, CpuStorage s, int at) {
        switch (s.array) {
            case float[] a -> a[at] = v;
            case double[] a -> a[at] = v;
            case int[] a -> a[at] = (int) v;
            case long[] a -> a[at] = v;
            case boolean[] a -> a[at] = v != 0;
            case short[] a -> a[at] = HalfConversions.floatToFloat16((float) v);
            case char[] a -> a[at] = (char) HalfConversions.floatToBfloat16((float) v);
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Converts a run straight from one array to the other for the common casts (bool, int32 or int64 to float32 or
     * float64 and back), with the bits of a load into the double or long buffer and a store from it: an integer
     * goes to float32 through double, as there. False (nothing done) for any other pair.
     */
    static boolean convertDirect(CpuStorage src, int s, int ss, CpuStorage dst, int d, int ds, int n) {
        switch (src.array) {
            case boolean[] a when dst.array instanceof float[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss] ? 1f : 0f; }
            case boolean[] a when dst.array instanceof double[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss] ? 1 : 0; }
            case int[] a when dst.array instanceof float[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss]; }
            case int[] a when dst.array instanceof double[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss]; }
            case long[] a when dst.array instanceof float[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = (float) (double) a[s + i * ss]; }
            case long[] a when dst.array instanceof double[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss]; }
            case float[] a when dst.array instanceof boolean[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss] != 0; }
            case double[] a when dst.array instanceof boolean[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = a[s + i * ss] != 0; }
            case float[] a when dst.array instanceof int[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = (int) a[s + i * ss]; }
            case double[] a when dst.array instanceof int[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = (int) a[s + i * ss]; }
            case float[] a when dst.array instanceof long[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = (long) a[s + i * ss]; }
            case double[] a when dst.array instanceof long[] b -> { for (int i = 0; i < n; i++) b[d + i * ds] = (long) a[s + i * ss]; }
            default -> { return false; }
        }
        return true;
    }

    /** Exact copy between storages of the same dtype. */
    static void copySame(CpuStorage src, int sStart, int sStride, CpuStorage dst, int dStart, int dStride, int n) {
        if (sStride == 1 && dStride == 1) {
            System.arraycopy(src.array, sStart, dst.array, dStart, n);
            return;
        }
        switch (src.array) {
            case float[] a -> { float[] b = (float[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case double[] a -> { double[] b = (double[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case int[] a -> { int[] b = (int[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case long[] a -> { long[] b = (long[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case boolean[] a -> { boolean[] b = (boolean[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case short[] a -> { short[] b = (short[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            case char[] a -> { char[] b = (char[]) dst.array; for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
            default -> throw new IllegalStateException();
        }
    }

    /** Sets a strided run to {@code value}, converted as {@link #store(double[], int, CpuStorage, int, int)} and {@link #store(long[], int, CpuStorage, int, int)} do. */
    static void fill(CpuStorage s, int start, int stride, int n, double value) {
        switch (s.array) {
            case float[] a -> {
                if (stride == 1) java.util.Arrays.fill(a, start, start + n, (float) value);
                else for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (float) value;
            }
            case double[] a -> {
                if (stride == 1) java.util.Arrays.fill(a, start, start + n, value);
                else for (int i = 0, p = start; i < n; i++, p += stride) a[p] = value;
            }
            case int[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (int) (long) value; }
            case long[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (long) value; }
            case boolean[] a -> { for (int i = 0, p = start; i < n; i++, p += stride) a[p] = (long) value != 0; }
            case short[] a -> {
                short bits = HalfConversions.floatToFloat16((float) value);
                for (int i = 0, p = start; i < n; i++, p += stride) a[p] = bits;
            }
            case char[] a -> {
                char bits = (char) HalfConversions.floatToBfloat16((float) value);
                for (int i = 0, p = start; i < n; i++, p += stride) a[p] = bits;
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Copies between two different floating dtypes without a buffer: float32 and float64 either way, and the half types
     * to and from everything through float32 (a float64 rounds to float32 first, as PyTorch converts it).
     */
    static void convertFloats(CpuStorage src, int sStart, int sStride, CpuStorage dst, int dStart, int dStride, int n) {
        if (sStride == 1 && dStride == 1 && convertDense(src.array, sStart, dst.array, dStart, n)) return;
        switch (src.array) {
            case float[] a -> {
                switch (dst.array) {
                    case double[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = a[sStart + i * sStride]; }
                    case short[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.floatToFloat16(a[sStart + i * sStride]); }
                    case char[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = (char) HalfConversions.floatToBfloat16(a[sStart + i * sStride]); }
                    default -> throw new IllegalStateException();
                }
            }
            case double[] a -> {
                switch (dst.array) {
                    case float[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = (float) a[sStart + i * sStride]; }
                    case short[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.floatToFloat16((float) a[sStart + i * sStride]); }
                    case char[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = (char) HalfConversions.floatToBfloat16((float) a[sStart + i * sStride]); }
                    default -> throw new IllegalStateException();
                }
            }
            case short[] a -> {
                switch (dst.array) {
                    case float[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.float16ToFloat(a[sStart + i * sStride]); }
                    case double[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.float16ToFloat(a[sStart + i * sStride]); }
                    case char[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = (char) HalfConversions.floatToBfloat16(HalfConversions.float16ToFloat(a[sStart + i * sStride])); }
                    default -> throw new IllegalStateException();
                }
            }
            case char[] a -> {
                switch (dst.array) {
                    case float[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.bfloat16ToFloat((short) a[sStart + i * sStride]); }
                    case double[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.bfloat16ToFloat((short) a[sStart + i * sStride]); }
                    case short[] b -> { for (int i = 0; i < n; i++) b[dStart + i * dStride] = HalfConversions.floatToFloat16(HalfConversions.bfloat16ToFloat((short) a[sStart + i * sStride])); }
                    default -> throw new IllegalStateException();
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Dense runs between float32 and a half type, the conversions every half kernel makes (widen, compute, round):
     * loops with constant strides, which the JIT vectorizes. False for other pairs.
     */
    private static boolean convertDense(Object src, int s, Object dst, int d, int n) {
        switch (src) {
            case float[] a when dst instanceof short[] b -> { for (int i = 0; i < n; i++) b[d + i] = HalfConversions.floatToFloat16(a[s + i]); }
            case float[] a when dst instanceof char[] b -> { for (int i = 0; i < n; i++) b[d + i] = (char) HalfConversions.floatToBfloat16(a[s + i]); }
            case short[] a when dst instanceof float[] b -> { for (int i = 0; i < n; i++) b[d + i] = HalfConversions.float16ToFloat(a[s + i]); }
            case char[] a when dst instanceof float[] b -> { for (int i = 0; i < n; i++) b[d + i] = Float.intBitsToFloat(a[s + i] << 16); }
            default -> { return false; }
        }
        return true;
    }

    /** The whole storage as a new {@code double[]} (for kernels that compute in double on packed data). */
    static double[] toDoubles(CpuStorage s, int size) {
        if (s.array instanceof double[] a) return a;
        double[] out = new double[size];
        load(s, 0, 1, size, out);
        return out;
    }

    /** Writes a packed {@code double[]} result into the storage, unless it is the storage's own array. */
    static void fromDoubles(double[] values, CpuStorage s, int size) {
        if (s.array != values) store(values, size, s, 0, 1);
    }
}
