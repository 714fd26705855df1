package dev.ember.cuda;

import dev.ember.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between Java arrays and device memory in chunks through two pinned host buffers ({@link Staging}), so
 * that the host fills (or reads) one buffer while the other's copy runs. Before a buffer is reused the host waits
 * for that buffer's last copy only, never for the whole stream; an upload of three chunks is
 * <pre>{@code
 * fill A, copy A | fill B, copy B | wait A, fill A, copy A | wait A (the last copy: the others ran before it)
 * }</pre>
 * and a download queues the next chunk's copy before it waits for and reads the one before. Both return only when
 * their copies are done: the Java array is the caller's again (an upload's may change, a download's is read).
 */
final class HostTransfers {
    static final long CHUNK = 8L << 20;

    private final Staging staging;
    private final long chunk;

    HostTransfers(CudaContext context) { this(new PinnedStaging(context, CHUNK), CHUNK); }

    /** {@code chunk}: the bytes each buffer of {@code staging} holds. */
    HostTransfers(Staging staging, long chunk) {
        this.staging = staging;
        this.chunk = chunk;
    }

    /** Writes all of {@code array} ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code boolean[]}, {@code short[]}, {@code char[]}) to {@code address}. */
    synchronized void upload(Object array, long address) {
        staging.makeCurrent();
        int n = java.lang.reflect.Array.getLength(array);
        int width = elementBytes(array);
        int perChunk = (int) (chunk / width);
        boolean[] inFlight = new boolean[2];
        int which = 0;
        for (int start = 0; start < n; start += perChunk, which ^= 1) {
            int m = Math.min(perChunk, n - start);
            if (inFlight[which]) staging.await(which);
            toBuffer(array, start, m, staging.buffer(which));
            staging.toDevice(which, address + (long) start * width, (long) m * width);
            inFlight[which] = true;
        }
        if (n > 0) staging.await(which ^ 1);   // the last copy: the stream ran every earlier one before it
    }

    /** Reads {@code n} contiguous elements of {@code dtype} at {@code address} into a new Java array. */
    synchronized Object download(long address, DType dtype, int n) {
        staging.makeCurrent();
        Object array = newArray(dtype, n);
        if (n == 0) {
            staging.synchronize();   // a read waits for the work before it, and reports its errors, even when empty
            return array;
        }
        int width = dtype.byteSize();
        int perChunk = (int) (chunk / width);
        int which = 0;
        int previous = -1;   // the start of the chunk queued before this one, still to be read
        for (int start = 0; start < n; start += perChunk, which ^= 1) {
            int m = Math.min(perChunk, n - start);
            staging.toHost(which, address + (long) start * width, (long) m * width);
            if (previous >= 0) readBack(which ^ 1, array, previous, Math.min(perChunk, n - previous));
            previous = start;
        }
        readBack(which ^ 1, array, previous, n - previous);
        return array;
    }

    private void readBack(int which, Object array, int start, int m) {
        staging.await(which);
        fromBuffer(array, start, m, staging.buffer(which));
    }

    static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] a -> DType.FLOAT32;
            case double[] a -> DType.FLOAT64;
            case int[] a -> DType.INT32;
            case long[] a -> DType.INT64;
            case boolean[] a -> DType.BOOL;
            case short[] a -> DType.FLOAT16;
            case char[] a -> DType.BFLOAT16;
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName()
                    + ": expected float[], double[], int[], long[], boolean[], short[] (float16) or char[] (bfloat16)");
        };
    }

    private static int elementBytes(Object array) { return dtypeOf(array).byteSize(); }

    private static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
            case FLOAT16 -> new short[n];
            case BFLOAT16 -> new char[n];
        };
    }

    private static void toBuffer(Object array, int start, int m, MemorySegment buffer) {
        switch (array) {
            case float[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_FLOAT, 0, m);
            case double[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_DOUBLE, 0, m);
            case int[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_INT, 0, m);
            case long[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_LONG, 0, m);
            case boolean[] a -> { for (int i = 0; i < m; i++) buffer.set(ValueLayout.JAVA_BYTE, i, (byte) (a[start + i] ? 1 : 0)); }
            case short[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_SHORT, 0, m);
            case char[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_CHAR, 0, m);
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName());
        }
    }

    private static void fromBuffer(Object array, int start, int m, MemorySegment buffer) {
        switch (array) {
            case float[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_FLOAT, 0, a, start, m);
            case double[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_DOUBLE, 0, a, start, m);
            case int[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_INT, 0, a, start, m);
            case long[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_LONG, 0, a, start, m);
            case boolean[] a -> { for (int i = 0; i < m; i++) a[start + i] = buffer.get(ValueLayout.JAVA_BYTE, i) != 0; }
            case short[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_SHORT, 0, a, start, m);
            case char[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_CHAR, 0, a, start, m);
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName());
        }
    }
}
