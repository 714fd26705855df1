package dev.ember.cpu;

import dev.ember.backend.Layout;
import dev.ember.backend.ScatterMode;

/**
 * Gather and scatter along one dim. The index's shape is walked as rows; the other operand's position is its
 * own layout at the same coordinates with the indexed dim's stride replaced by {@code index * stride}.
 */
final class CpuIndexing {
    private CpuIndexing() {}

    /** {@code l} with the stride of {@code dim} set to 0 and the shape of {@code shape}: the base position. */
    private static Layout without(Layout l, int dim, int[] shape) {
        int[] strides = l.intStrides();
        strides[dim] = 0;
        return new Layout(shape, strides, l.intOffset());
    }

    static void gather(CpuStorage src, Layout sl, int dim, CpuStorage index, Layout il, CpuStorage out, Layout ol) {
        int[] shape = il.shape();
        RowLoop loop = new RowLoop(shape, without(sl, dim, shape), il, ol);
        int dimStride = sl.intStride(dim);
        long[] idx = (long[]) index.array;
        loop.run((start, end) -> {
            int[] at = new int[3];
            for (int u = start; u < end; u++) {
                loop.starts(u, at);
                int n = loop.length(u);
                int s0 = loop.innerStrides[0], s1 = loop.innerStrides[1], s2 = loop.innerStrides[2];
                if (s0 == 1 && s1 == 0 && s2 == 1) {
                    // one index for the whole row (indexSelect of rows, batches from a dataset): one copy
                    System.arraycopy(src.array, at[0] + (int) idx[at[1]] * dimStride, out.array, at[2], n);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    int from = at[0] + i * s0 + (int) idx[at[1] + i * s1] * dimStride;
                    System.arraycopy(src.array, from, out.array, at[2] + i * s2, 1);
                }
            }
        });
    }

    /** Sequential: several source elements may land on one destination. */
    static void scatter(ScatterMode mode, CpuStorage dst, Layout dl, int dim, CpuStorage index, Layout il,
                        CpuStorage src, Layout sl) {
        int[] shape = il.shape();
        RowLoop loop = new RowLoop(shape, without(dl, dim, shape), il, sl);
        int dimStride = dl.intStride(dim);
        long[] idx = (long[]) index.array;
        int[] at = new int[3];
        for (int u = 0; u < loop.units; u++) {
            loop.starts(u, at);
            int n = loop.length(u);
            int s0 = loop.innerStrides[0], s1 = loop.innerStrides[1], s2 = loop.innerStrides[2];
            for (int i = 0; i < n; i++) {
                int to = at[0] + i * s0 + (int) idx[at[1] + i * s1] * dimStride;
                int from = at[2] + i * s2;
                if (mode == ScatterMode.REPLACE) System.arraycopy(src.array, from, dst.array, to, 1);
                else add(dst, to, src, from);
            }
        }
    }

    private static void add(CpuStorage dst, int to, CpuStorage src, int from) {
        switch (dst.array) {
            case float[] d -> d[to] += ((float[]) src.array)[from];
            case double[] d -> d[to] += ((double[]) src.array)[from];
            case int[] d -> d[to] += ((int[]) src.array)[from];
            case long[] d -> d[to] += ((long[]) src.array)[from];
            case boolean[] d -> d[to] |= ((boolean[]) src.array)[from];
            default -> throw new IllegalStateException();
        }
    }
}
