package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Storage;

/**
 * A CPU storage: one flat Java array whose element type matches the dtype (bool is {@code boolean[]}). The half types
 * hold their bits: float16 a {@code short[]}, bfloat16 a {@code char[]}, so that a kernel's switch on the array's
 * class tells them apart as it tells every other dtype.
 */
final class CpuStorage implements Storage {
    final DType dtype;
    final Object array;

    CpuStorage(DType dtype, Object array) {
        this.dtype = dtype;
        this.array = array;
    }

    static CpuStorage allocate(DType dtype, int size) {
        return new CpuStorage(dtype, switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
            case FLOAT16 -> new short[size];
            case BFLOAT16 -> new char[size];
        });
    }

    /** Storage holding values that no kernel writes by chance, standing for uninitialized memory: see {@link CpuBackend}. */
    static CpuStorage poisoned(DType dtype, int size) {
        CpuStorage s = allocate(dtype, size);
        switch (s.array) {
            case float[] a -> java.util.Arrays.fill(a, Float.NaN);
            case double[] a -> java.util.Arrays.fill(a, Double.NaN);
            case int[] a -> java.util.Arrays.fill(a, Integer.MAX_VALUE);
            case long[] a -> java.util.Arrays.fill(a, Long.MAX_VALUE);
            case boolean[] a -> java.util.Arrays.fill(a, true);
            case short[] a -> java.util.Arrays.fill(a, (short) 0x7E00);   // NaN
            case char[] a -> java.util.Arrays.fill(a, (char) 0x7FC0);     // NaN
            default -> throw new IllegalStateException("no poison for " + dtype);
        }
        return s;
    }

    static CpuStorage wrap(Object array) {
        return switch (array) {
            case float[] a -> new CpuStorage(DType.FLOAT32, a);
            case double[] a -> new CpuStorage(DType.FLOAT64, a);
            case int[] a -> new CpuStorage(DType.INT32, a);
            case long[] a -> new CpuStorage(DType.INT64, a);
            case boolean[] a -> new CpuStorage(DType.BOOL, a);
            case short[] a -> new CpuStorage(DType.FLOAT16, a);
            case char[] a -> new CpuStorage(DType.BFLOAT16, a);
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName()
                    + "; use float[], double[], int[], long[], boolean[], short[] (float16 bits) or char[] (bfloat16 bits)");
        };
    }

    static CpuStorage of(Storage s) {
        if (s instanceof CpuStorage c) return c;
        throw new IllegalArgumentException("the CPU backend was given a storage of another device: " + s.getClass().getName());
    }

    @Override
    public DType dtype() { return dtype; }

    @Override
    public long size() { return java.lang.reflect.Array.getLength(array); }

    /** The array as a heap segment; {@code boolean[]} has none (Java fixes no byte layout for it). */
    @Override
    public java.util.Optional<java.lang.foreign.MemorySegment> memory() {
        return java.util.Optional.ofNullable(switch (array) {
            case float[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            case double[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            case int[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            case long[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            case short[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            case char[] a -> java.lang.foreign.MemorySegment.ofArray(a);
            default -> null;
        });
    }

    @Override
    public void release() {
        // heap arrays go with the garbage collector; nothing to free early
    }
}
