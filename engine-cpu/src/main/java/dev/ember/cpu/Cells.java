package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.HalfConversions;
import dev.ember.backend.Storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Strided runs of either CPU storage, addressed by {@code long} index, for {@link LargeKernels}: a Java array
 * ({@link CpuStorage}, through {@link RowIO}, whose conversions these are) or native memory ({@link CpuLargeStorage},
 * with the same conversions spelled out per dtype). A run is at most an int long; its start and stride are longs.
 */
sealed interface Cells {

    static Cells of(Storage s) {
        return switch (s) {
            case CpuStorage c -> new Heap(c);
            case CpuLargeStorage l -> new Native(l.dtype, l.segment());
            default -> throw new IllegalArgumentException("the CPU backend was given a storage of another device: "
                    + s.getClass().getName());
        };
    }

    void load(long start, long stride, int n, double[] dst);

    void load(long start, long stride, int n, long[] dst);

    /** Stores with {@link RowIO}'s conversions: floats truncate toward zero into integers; non-zero (and NaN) is true. */
    void store(double[] src, int n, long start, long stride);

    void store(long[] src, int n, long start, long stride);

    /** The elements' bits, unconverted (bool 0 or 1, the half types their 16 bits): copies within one dtype are exact. */
    void loadBits(long start, long stride, int n, long[] dst);

    void storeBits(long[] src, int n, long start, long stride);

    /** Sets a run to {@code value}, converted as {@link RowIO#fill}. */
    void fill(long start, long stride, int n, double value);

    /** A Java array: every index fits an int, so the runs go to {@link RowIO} as they are. */
    record Heap(CpuStorage s) implements Cells {
        @Override
        public void load(long start, long stride, int n, double[] dst) { RowIO.load(s, (int) start, (int) stride, n, dst); }

        @Override
        public void load(long start, long stride, int n, long[] dst) { RowIO.load(s, (int) start, (int) stride, n, dst); }

        @Override
        public void store(double[] src, int n, long start, long stride) { RowIO.store(src, n, s, (int) start, (int) stride); }

        @Override
        public void store(long[] src, int n, long start, long stride) { RowIO.store(src, n, s, (int) start, (int) stride); }

        @Override
        public void fill(long start, long stride, int n, double value) { RowIO.fill(s, (int) start, (int) stride, n, value); }

        @Override
        public void loadBits(long start, long stride, int n, long[] dst) {
            int p = (int) start, st = (int) stride;
            switch (s.array) {
                case float[] a -> { for (int i = 0; i < n; i++, p += st) dst[i] = Float.floatToRawIntBits(a[p]); }
                case double[] a -> { for (int i = 0; i < n; i++, p += st) dst[i] = Double.doubleToRawLongBits(a[p]); }
                case short[] a -> { for (int i = 0; i < n; i++, p += st) dst[i] = a[p]; }
                case char[] a -> { for (int i = 0; i < n; i++, p += st) dst[i] = a[p]; }
                default -> RowIO.load(s, p, st, n, dst);   // int32, int64 and bool load exactly as integers
            }
        }

        @Override
        public void storeBits(long[] src, int n, long start, long stride) {
            int p = (int) start, st = (int) stride;
            switch (s.array) {
                case float[] a -> { for (int i = 0; i < n; i++, p += st) a[p] = Float.intBitsToFloat((int) src[i]); }
                case double[] a -> { for (int i = 0; i < n; i++, p += st) a[p] = Double.longBitsToDouble(src[i]); }
                case short[] a -> { for (int i = 0; i < n; i++, p += st) a[p] = (short) src[i]; }
                case char[] a -> { for (int i = 0; i < n; i++, p += st) a[p] = (char) src[i]; }
                default -> RowIO.store(src, n, s, p, st);
            }
        }
    }

    /** Native memory, elements as the arrays hold them (bool one byte, 0 or 1). */
    record Native(DType dtype, MemorySegment m) implements Cells {
        private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;
        private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE;
        private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT;
        private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG;
        private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT;
        private static final ValueLayout.OfByte BOOL = ValueLayout.JAVA_BYTE;

        @Override
        public void load(long start, long stride, int n, double[] dst) {
            long p = start;
            switch (dtype) {
                case FLOAT32 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(F32, p); }
                case FLOAT64 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(F64, p); }
                case INT32 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I32, p); }
                case INT64 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I64, p); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.get(BOOL, p) != 0 ? 1 : 0; }
                case FLOAT16 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = HalfConversions.float16ToFloat(m.getAtIndex(HALF, p)); }
                case BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = HalfConversions.bfloat16ToFloat(m.getAtIndex(HALF, p)); }
            }
        }

        @Override
        public void load(long start, long stride, int n, long[] dst) {
            long p = start;
            switch (dtype) {
                case FLOAT32 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = (long) m.getAtIndex(F32, p); }
                case FLOAT64 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = (long) m.getAtIndex(F64, p); }
                case INT32 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I32, p); }
                case INT64 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I64, p); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.get(BOOL, p) != 0 ? 1 : 0; }
                case FLOAT16 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = (long) HalfConversions.float16ToFloat(m.getAtIndex(HALF, p)); }
                case BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = (long) HalfConversions.bfloat16ToFloat(m.getAtIndex(HALF, p)); }
            }
        }

        @Override
        public void store(double[] src, int n, long start, long stride) {
            long p = start;
            switch (dtype) {
                case FLOAT32 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F32, p, (float) src[i]); }
                case FLOAT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F64, p, src[i]); }
                case INT32 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I32, p, (int) src[i]); }
                case INT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I64, p, (long) src[i]); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) m.set(BOOL, p, (byte) (src[i] != 0 ? 1 : 0)); }
                case FLOAT16 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, HalfConversions.floatToFloat16((float) src[i])); }
                case BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, HalfConversions.floatToBfloat16((float) src[i])); }
            }
        }

        @Override
        public void store(long[] src, int n, long start, long stride) {
            long p = start;
            switch (dtype) {
                case FLOAT32 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F32, p, (float) src[i]); }
                case FLOAT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F64, p, (double) src[i]); }
                case INT32 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I32, p, (int) src[i]); }
                case INT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I64, p, src[i]); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) m.set(BOOL, p, (byte) (src[i] != 0 ? 1 : 0)); }
                case FLOAT16 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, HalfConversions.floatToFloat16((float) src[i])); }
                case BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, HalfConversions.floatToBfloat16((float) src[i])); }
            }
        }

        @Override
        public void loadBits(long start, long stride, int n, long[] dst) {
            long p = start;
            switch (dtype) {
                case FLOAT32, INT32 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I32, p); }
                case FLOAT64, INT64 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(I64, p); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.get(BOOL, p) != 0 ? 1 : 0; }
                case FLOAT16, BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) dst[i] = m.getAtIndex(HALF, p); }
            }
        }

        @Override
        public void storeBits(long[] src, int n, long start, long stride) {
            long p = start;
            switch (dtype) {
                case FLOAT32, INT32 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I32, p, (int) src[i]); }
                case FLOAT64, INT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I64, p, src[i]); }
                case BOOL -> { for (int i = 0; i < n; i++, p += stride) m.set(BOOL, p, (byte) (src[i] != 0 ? 1 : 0)); }
                case FLOAT16, BFLOAT16 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, (short) src[i]); }
            }
        }

        @Override
        public void fill(long start, long stride, int n, double value) {
            if (stride == 1 && dtype.byteSize() == 1) {   // bool: one byte pattern
                m.asSlice(start, n).fill((byte) ((long) value != 0 ? 1 : 0));
                return;
            }
            long p = start;   // element by element: a run's buffer would be garbage per run over gigabytes
            switch (dtype) {
                case FLOAT32 -> { float v = (float) value; for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F32, p, v); }
                case FLOAT64 -> { for (int i = 0; i < n; i++, p += stride) m.setAtIndex(F64, p, value); }
                case INT32 -> { int v = (int) (long) value; for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I32, p, v); }
                case INT64 -> { long v = (long) value; for (int i = 0; i < n; i++, p += stride) m.setAtIndex(I64, p, v); }
                case BOOL -> { byte v = (byte) ((long) value != 0 ? 1 : 0); for (int i = 0; i < n; i++, p += stride) m.set(BOOL, p, v); }
                case FLOAT16 -> { short v = HalfConversions.floatToFloat16((float) value); for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, v); }
                case BFLOAT16 -> { short v = HalfConversions.floatToBfloat16((float) value); for (int i = 0; i < n; i++, p += stride) m.setAtIndex(HALF, p, v); }
            }
        }
    }
}
