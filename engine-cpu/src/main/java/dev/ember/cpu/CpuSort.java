package dev.ember.cpu;

import dev.ember.backend.Layout;

/**
 * Stable sort of every line along one dim, lines split over threads: each line's elements are read into keys
 * (float32 widened to double exactly, integers and bool as long), their positions merge-sorted bottom-up by
 * {@link Order}, and the elements copied to the outputs in that order. NaN is larger than every number and -0.0
 * equals 0.0, as in PyTorch's sort.
 */
final class CpuSort {
    private CpuSort() {}

    /** Whether the element at position {@code a} of a line goes strictly before the one at {@code b}. */
    private interface Order {
        boolean before(int a, int b);
    }

    static void sort(CpuStorage x, Layout xl, int dim, boolean descending, CpuStorage values, CpuStorage indices) {
        int length = xl.size(dim);
        int[] kept = {dim};
        Layout lines = xl.keptDims(kept);
        Layout outLines = Layout.contiguous(xl.shape()).keptDims(kept);
        int xStride = xl.intStride(dim), outStride = Layout.contiguous(xl.shape()).intStride(dim);
        int count = lines.intNumel();
        long[] positions = (long[]) indices.array;
        double log = 32 - Integer.numberOfLeadingZeros(Math.max(length, 1));
        Parallel.forRange(count, (long) (count * (double) length * (log + 2) * 4), (start, end) -> {
            double[] doubleKeys = null;
            long[] longKeys = null;
            int[] order = new int[length], scratch = new int[length];
            for (int r = start; r < end; r++) {
                int from = lines.intIndexOf(r), to = outLines.intIndexOf(r);
                Order before;
                if (x.array instanceof float[] || x.array instanceof double[]) {
                    if (doubleKeys == null) doubleKeys = new double[length];
                    double[] k = doubleKeys;
                    RowIO.load(x, from, xStride, length, k);
                    before = descending
                            ? (a, b) -> k[a] > k[b] || (k[a] != k[a] && k[b] == k[b])
                            : (a, b) -> k[a] < k[b] || (k[b] != k[b] && k[a] == k[a]);
                } else {
                    if (longKeys == null) longKeys = new long[length];
                    long[] k = longKeys;
                    RowIO.load(x, from, xStride, length, k);
                    before = descending ? (a, b) -> k[a] > k[b] : (a, b) -> k[a] < k[b];
                }
                int[] sorted = mergeSort(order, scratch, length, before);
                for (int i = 0; i < length; i++) {
                    System.arraycopy(x.array, from + sorted[i] * xStride, values.array, to + i * outStride, 1);
                    positions[to + i * outStride] = sorted[i];
                }
            }
        });
    }

    /**
     * Sorts positions {@code 0..n-1} by {@code before}, ping-ponging between the two arrays; returns the one that
     * holds the result. A merge takes from the right run only when its element goes strictly before the left
     * run's, so equal elements keep their order.
     */
    private static int[] mergeSort(int[] a, int[] b, int n, Order before) {
        for (int i = 0; i < n; i++) a[i] = i;
        int[] src = a, dst = b;
        for (long width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += (int) Math.min(2 * width, n - lo)) {
                int mid = (int) Math.min(lo + width, n), hi = (int) Math.min(lo + 2 * width, n);
                int i = lo, j = mid;
                for (int k = lo; k < hi; k++) {
                    dst[k] = j < hi && (i >= mid || before.before(src[j], src[i])) ? src[j++] : src[i++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }
}
