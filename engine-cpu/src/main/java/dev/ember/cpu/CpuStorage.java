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
    /** Where {@link #release()} returns the array, or null for a storage whose array is not pooled. */
    private final CpuArrayPool pool;
    /** Debugging ({@code -Dember.debug.poison}): {@link #release()} fills the array with poison before giving it back. */
    private final boolean poisonOnRelease;
    private boolean released;

    CpuStorage(DType dtype, Object array) {
        this(dtype, array, null, false);
    }

    private CpuStorage(DType dtype, Object array, CpuArrayPool pool, boolean poisonOnRelease) {
        this.dtype = dtype;
        this.array = array;
        this.pool = pool;
        this.poisonOnRelease = poisonOnRelease;
    }

    /**
     * A storage whose array comes from {@code pool} when it holds one of this size (else a new one), and goes back
     * to it on {@link #release()}. A reused array holds its last user's values unless {@code zero} is set. With
     * {@code poisonOnRelease}, a read of the array after its release (through a storage kept past its tensors'
     * close) sees NaN or garbage, whether or not another storage took the array since.
     */
    static CpuStorage pooled(CpuArrayPool pool, DType dtype, int size, boolean zero, boolean poisonOnRelease) {
        Object reused = pool.take(dtype, size);
        if (reused == null) return new CpuStorage(dtype, allocate(dtype, size).array, pool, poisonOnRelease);
        if (zero) clear(reused);
        return new CpuStorage(dtype, reused, pool, poisonOnRelease);
    }

    private static void clear(Object array) {
        switch (array) {
            case float[] a -> java.util.Arrays.fill(a, 0f);
            case double[] a -> java.util.Arrays.fill(a, 0d);
            case int[] a -> java.util.Arrays.fill(a, 0);
            case long[] a -> java.util.Arrays.fill(a, 0L);
            case boolean[] a -> java.util.Arrays.fill(a, false);
            case short[] a -> java.util.Arrays.fill(a, (short) 0);
            case char[] a -> java.util.Arrays.fill(a, (char) 0);
            default -> throw new IllegalStateException("not a storage array: " + array.getClass());
        }
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
        return poison(allocate(dtype, size));
    }

    /** Fills {@code s} with values that no kernel writes by chance; returns it. */
    static CpuStorage poison(CpuStorage s) {
        switch (s.array) {
            case float[] a -> java.util.Arrays.fill(a, Float.NaN);
            case double[] a -> java.util.Arrays.fill(a, Double.NaN);
            case int[] a -> java.util.Arrays.fill(a, Integer.MAX_VALUE);
            case long[] a -> java.util.Arrays.fill(a, Long.MAX_VALUE);
            case boolean[] a -> java.util.Arrays.fill(a, true);
            case short[] a -> java.util.Arrays.fill(a, (short) 0x7E00);   // NaN
            case char[] a -> java.util.Arrays.fill(a, (char) 0x7FC0);     // NaN
            default -> throw new IllegalStateException("no poison for " + s.dtype);
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

    /**
     * Returns a pooled array to its pool, once; later calls do nothing. Other storages are left to the garbage
     * collector. The engine calls this when the last tensor on the storage is closed, after which no tensor can
     * reach this storage: the next owner of the array is the only one that sees it.
     */
    @Override
    public void release() {
        synchronized (this) {
            if (released) return;
            released = true;
        }
        if (poisonOnRelease) poison(this);
        if (pool != null) pool.give(dtype, array);
    }
}
