package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The long-indexed kernels against the int-indexed ones they stand in for, on small native storages (a
 * {@link CpuLargeStorage} of any size takes the same paths as one past 2^31 elements): every dtype pair of copy,
 * fill and sum, on strided views, with runs cut and sums split into pieces.
 */
class LargeKernelsTest {
    private static final double[] VALUES = {0, 1, -2, 3.5, -0.0, Double.NaN, 70000.75, -1e10, 255, 1e-3, 2, -7};

    /** A heap storage of {@code n} elements cycling through {@link #VALUES}, or whole numbers when {@code whole}. */
    private static CpuStorage heap(DType dtype, int n, boolean whole) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = whole ? (i * 7 % 13) - 6 : VALUES[i % VALUES.length];
        CpuStorage s = CpuStorage.allocate(dtype, n);
        RowIO.store(v, n, s, 0, 1);
        return s;
    }

    /** The same elements in native memory, moved bit for bit. */
    private static CpuLargeStorage nativeCopy(CpuStorage h) {
        CpuLargeStorage n = CpuLargeStorage.allocate(h.dtype, h.size());
        LargeKernels.copy(h, Layout.contiguous((int) h.size()), n, Layout.contiguous((int) h.size()));
        return n;
    }

    private static Object array(CpuStorage s) { return s.array; }

    private static void assertSameArray(Object expected, Object actual, String what) {
        switch (expected) {
            case float[] e -> assertArrayEquals(e, (float[]) actual, what);
            case double[] e -> assertArrayEquals(e, (double[]) actual, what);
            case int[] e -> assertArrayEquals(e, (int[]) actual, what);
            case long[] e -> assertArrayEquals(e, (long[]) actual, what);
            case boolean[] e -> assertArrayEquals(e, (boolean[]) actual, what);
            case short[] e -> assertArrayEquals(e, (short[]) actual, what);
            case char[] e -> assertArrayEquals(e, (char[]) actual, what);
            default -> throw new IllegalStateException();
        }
    }

    /** A [3, 4] view of a 30-element storage, transposed and at an offset: nothing merges. */
    private static final Layout VIEW = new Layout(new int[] {3, 4}, new long[] {1, 5}, 7);

    @Test
    void copyConvertsEveryDtypePairAsTheIntIndexedCopy() {
        for (DType from : DType.values()) {
            CpuStorage h = heap(from, 30, false);
            CpuLargeStorage n = nativeCopy(h);
            for (DType to : DType.values()) {
                CpuStorage expected = CpuStorage.allocate(to, 12), fromHeap = CpuStorage.allocate(to, 12);
                CpuStorage fromNative = CpuStorage.allocate(to, 12);
                CpuElementwise.copy(h, VIEW, expected, Layout.contiguous(3, 4));
                LargeKernels.copy(h, VIEW, fromHeap, Layout.contiguous(3, 4));
                LargeKernels.copy(n, VIEW, fromNative, Layout.contiguous(3, 4));
                assertSameArray(expected.array, fromHeap.array, from + " -> " + to + " (heap)");
                assertSameArray(expected.array, fromNative.array, from + " -> " + to + " (native)");
                // and into native memory at a strided place, read back through the same view
                CpuLargeStorage into = CpuLargeStorage.allocate(to, 30);
                LargeKernels.copy(h, VIEW, into, VIEW);
                CpuStorage back = CpuStorage.allocate(to, 12);
                LargeKernels.copy(into, VIEW, back, Layout.contiguous(3, 4));
                assertSameArray(expected.array, back.array, from + " -> " + to + " (native destination)");
                into.release();
            }
            n.release();
        }
    }

    @Test
    void fillConvertsItsValueAsTheIntIndexedFill() {
        for (DType t : DType.values()) {
            for (double v : new double[] {2.7, -1.5, Double.NaN, 1e10, 0.5, -0.0}) {
                CpuStorage expected = heap(t, 30, false);
                CpuElementwise.fill(expected, VIEW, v);
                CpuLargeStorage n = nativeCopy(heap(t, 30, false));
                LargeKernels.fill(n, VIEW, v);
                CpuStorage back = CpuStorage.allocate(t, 30);
                LargeKernels.copy(n, Layout.contiguous(30), back, Layout.contiguous(30));
                assertSameArray(array(expected), back.array, t + " fill " + v);
                n.release();
            }
        }
    }

    @Test
    void sumMatchesTheIntIndexedSumOverAnyDims() {
        int[][] dimSets = {{0}, {1}, {0, 1}};
        for (DType t : DType.values()) {
            DType outType = t.isFloating() ? t : DType.INT64;
            CpuStorage h = heap(t, 30, true);   // whole numbers: every order of adding gives the same sum
            CpuLargeStorage n = nativeCopy(h);
            for (int[] dims : dimSets) {
                Layout out = Layout.contiguous(dims.length == 2 ? new int[] {1, 1} : dims[0] == 0 ? new int[] {1, 4} : new int[] {3, 1});
                CpuStorage expected = CpuStorage.allocate(outType, (int) out.numel()), actual = CpuStorage.allocate(outType, (int) out.numel());
                CpuBackend.INSTANCE.reduce(ReduceOp.SUM, h, VIEW, dims, expected, out);   // the half types widen there
                LargeKernels.sum(n, VIEW, dims, actual, out);
                assertSameArray(expected.array, actual.array, t + " sum over " + java.util.Arrays.toString(dims));
            }
            n.release();
        }
    }

    @Test
    void longRunsAndManyRunsSumInFixedPieces() {
        // contiguous 20000 elements: one merged dim cut into three runs; [300, 70] transposed: 300 runs, 64 pieces
        CpuStorage h = heap(DType.INT64, 21000, true);
        CpuLargeStorage n = nativeCopy(h);
        Layout flat = Layout.contiguous(20000);
        Layout transposed = new Layout(new int[] {300, 70}, new long[] {1, 300}, 0);
        for (Layout l : new Layout[] {flat, transposed}) {
            int[] all = new int[l.rank()];
            for (int d = 0; d < all.length; d++) all[d] = d;
            int[] one = new int[l.rank()];
            java.util.Arrays.fill(one, 1);
            CpuStorage expected = CpuStorage.allocate(DType.INT64, 1), actual = CpuStorage.allocate(DType.INT64, 1);
            CpuReduce.reduce(ReduceOp.SUM, h, l, all, expected);
            LargeKernels.sum(n, l, all, actual, Layout.contiguous(one));
            assertEquals(((long[]) expected.array)[0], ((long[]) actual.array)[0], l.toString());
        }
        CpuStorage rows = CpuStorage.allocate(DType.INT64, 70), expectedRows = CpuStorage.allocate(DType.INT64, 70);
        CpuReduce.reduce(ReduceOp.SUM, h, transposed, new int[] {0}, expectedRows);
        LargeKernels.sum(n, transposed, new int[] {0}, rows, Layout.contiguous(1, 70));
        assertArrayEquals((long[]) expectedRows.array, (long[]) rows.array);
        n.release();
    }
}
