package dev.ember.cuda;

import dev.ember.DType;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.ember.cuda.Driver.check;

/**
 * Copies between Java arrays and device memory through one pinned (page-locked) host buffer: the DMA engine reads
 * pinned memory directly, where pageable memory would be staged by the driver. Large arrays go through in chunks;
 * each chunk's copy is waited for before the buffer is reused, so a transfer is synchronous for its caller.
 */
final class HostTransfers {
    private static final long CHUNK = 8L << 20;

    private final CudaContext context;
    private final DevicePointers.Host pinned = new DevicePointers.Host();
    private final MemorySegment buffer;

    HostTransfers(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        check("cuMemAllocHost", JCudaDriver.cuMemAllocHost(pinned, CHUNK));
        buffer = MemorySegment.ofAddress(pinned.address()).reinterpret(CHUNK);
    }

    /** Writes all of {@code array} ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code boolean[]}) to {@code address}. */
    synchronized void upload(Object array, long address) {
        context.makeCurrent();
        int n = java.lang.reflect.Array.getLength(array);
        int width = elementBytes(array);
        int perChunk = (int) (CHUNK / width);
        for (int start = 0; start < n; start += perChunk) {
            int m = Math.min(perChunk, n - start);
            toBuffer(array, start, m);
            long bytes = (long) m * width;
            check("cuMemcpyHtoDAsync", JCudaDriver.cuMemcpyHtoDAsync(DevicePointers.at(address + (long) start * width),
                    pinned, bytes, context.stream));
            check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(context.stream));
        }
    }

    /** Reads {@code n} contiguous elements of {@code dtype} at {@code address} into a new Java array. */
    synchronized Object download(long address, DType dtype, int n) {
        context.makeCurrent();
        Object array = newArray(dtype, n);
        int width = dtype.byteSize();
        int perChunk = (int) (CHUNK / width);
        if (n == 0) check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(context.stream));
        for (int start = 0; start < n; start += perChunk) {
            int m = Math.min(perChunk, n - start);
            check("cuMemcpyDtoHAsync", JCudaDriver.cuMemcpyDtoHAsync(pinned,
                    DevicePointers.at(address + (long) start * width), (long) m * width, context.stream));
            check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(context.stream));
            fromBuffer(array, start, m);
        }
        return array;
    }

    static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] a -> DType.FLOAT32;
            case double[] a -> DType.FLOAT64;
            case int[] a -> DType.INT32;
            case long[] a -> DType.INT64;
            case boolean[] a -> DType.BOOL;
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName()
                    + ": expected float[], double[], int[], long[] or boolean[]");
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
        };
    }

    private void toBuffer(Object array, int start, int m) {
        switch (array) {
            case float[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_FLOAT, 0, m);
            case double[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_DOUBLE, 0, m);
            case int[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_INT, 0, m);
            case long[] a -> MemorySegment.copy(a, start, buffer, ValueLayout.JAVA_LONG, 0, m);
            case boolean[] a -> { for (int i = 0; i < m; i++) buffer.set(ValueLayout.JAVA_BYTE, i, (byte) (a[start + i] ? 1 : 0)); }
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName());
        }
    }

    private void fromBuffer(Object array, int start, int m) {
        switch (array) {
            case float[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_FLOAT, 0, a, start, m);
            case double[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_DOUBLE, 0, a, start, m);
            case int[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_INT, 0, a, start, m);
            case long[] a -> MemorySegment.copy(buffer, ValueLayout.JAVA_LONG, 0, a, start, m);
            case boolean[] a -> { for (int i = 0; i < m; i++) a[start + i] = buffer.get(ValueLayout.JAVA_BYTE, i) != 0; }
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass().getSimpleName());
        }
    }
}
