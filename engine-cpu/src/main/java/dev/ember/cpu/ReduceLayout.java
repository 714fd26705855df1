package dev.ember.cpu;

import dev.ember.backend.Layout;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A reduction's input seen as kept dims and reduced dims, each outermost first: size-1 dims dropped, and
 * neighbours of the same kind merged where one steps over the other exactly, so that summing the last two dims of
 * a packed tensor is one row per output. A full reduction first orders the dims by stride, so that a transposed
 * tensor sums as one row (SUM, PROD, MAX and MIN do not care in which order elements meet, beyond rounding).
 */
final class ReduceLayout {
    final int offset;
    final int[] keptShape;
    final int[] keptStrides;
    final int[] reducedShape;
    final int[] reducedStrides;
    /** Whether the innermost merged dim is a reduced one (else a kept one), and its stride. */
    final boolean innerReduced;
    final int innerStride;
    final int outputs;
    final int perOutput;

    private ReduceLayout(int offset, int[] keptShape, int[] keptStrides, int[] reducedShape, int[] reducedStrides,
                         boolean innerReduced, int innerStride) {
        this.offset = offset;
        this.keptShape = keptShape;
        this.keptStrides = keptStrides;
        this.reducedShape = reducedShape;
        this.reducedStrides = reducedStrides;
        this.innerReduced = innerReduced;
        this.innerStride = innerStride;
        this.outputs = product(keptShape);
        this.perOutput = product(reducedShape);
    }

    /**
     * Null when the input is empty or a single element: nothing for a dense kernel to do. When the dims in their
     * own order do not end in a contiguous one, a partial reduction moves its reduced dims (in their order) after
     * the kept ones or before them, whichever makes the innermost dim contiguous: the sum over the rows of a
     * transposed matrix then reads contiguous rows instead of one strided walk per output. Kept dims never move
     * (they order the outputs), nor do reduced dims among themselves, so ARGMAX's positions keep their meaning.
     */
    static ReduceLayout of(Layout l, int[] dims) {
        int rank = l.rank();
        boolean[] reduced = new boolean[rank];
        for (int d : dims) reduced[d] = true;
        Integer[] order = new Integer[rank];
        for (int d = 0; d < rank; d++) order[d] = d;
        if (dims.length == rank) Arrays.sort(order, Comparator.comparingInt((Integer d) -> l.intStride(d)).reversed());
        ReduceLayout natural = of(l, reduced, order);
        if (natural == null || natural.innerStride == 1 || dims.length == rank) return natural;
        for (boolean reducedLast : new boolean[] {true, false}) {
            int k = 0;
            for (int pass = 0; pass < 2; pass++) {
                boolean takeReduced = (pass == 1) == reducedLast;
                for (int d = 0; d < rank; d++) if (reduced[d] == takeReduced) order[k++] = d;
            }
            ReduceLayout moved = of(l, reduced, order);
            if (moved.innerStride == 1) return moved;
        }
        return natural;
    }

    /** The reduction with dims visited in {@code order} (outermost first), neighbours of one kind merged. */
    private static ReduceLayout of(Layout l, boolean[] reduced, Integer[] order) {
        int rank = l.rank();
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        boolean[] kind = new boolean[rank];
        int m = 0;
        for (int d : order) {
            int size = l.shape()[d];
            int stride = l.intStride(d);
            if (size == 0) return null;
            if (size == 1) continue;
            if (m > 0 && kind[m - 1] == reduced[d] && strides[m - 1] == stride * size) {
                shape[m - 1] *= size;
                strides[m - 1] = stride;
                continue;
            }
            shape[m] = size;
            strides[m] = stride;
            kind[m] = reduced[d];
            m++;
        }
        if (m == 0) return null;
        int k = 0;
        for (int i = 0; i < m; i++) if (!kind[i]) k++;
        int[] ks = new int[k], kst = new int[k], rs = new int[m - k], rst = new int[m - k];
        for (int i = 0, a = 0, b = 0; i < m; i++) {
            if (kind[i]) { rs[b] = shape[i]; rst[b++] = strides[i]; }
            else { ks[a] = shape[i]; kst[a++] = strides[i]; }
        }
        return new ReduceLayout(l.intOffset(), ks, kst, rs, rst, kind[m - 1], strides[m - 1]);
    }

    /** Storage position of output {@code o}'s first element (kept dims in row-major order). */
    int keptOffset(int o) {
        int p = offset;
        for (int d = keptShape.length - 1; d >= 0; d--) {
            p += (o % keptShape[d]) * keptStrides[d];
            o /= keptShape[d];
        }
        return p;
    }

    /** Offset of position {@code index} (row-major) over the outermost {@code count} reduced dims. */
    int reducedOffset(int index, int count) {
        int p = 0;
        for (int d = count - 1; d >= 0; d--) {
            p += (index % reducedShape[d]) * reducedStrides[d];
            index /= reducedShape[d];
        }
        return p;
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
