package dev.ember.backend;

import dev.ember.Shape;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage: element {@code (i0, i1, ...)} is at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. A stride of 0 repeats an element (broadcasting).
 * The arrays are never modified after construction.
 *
 * <p>A layout is checked when it is made, so that no view describes what the int-sized kernels cannot address: its
 * element count fits an {@code int} (sizes are 32-bit for now), and so do the storage indices of its first and last
 * elements. A view that breaks this, such as {@code ones(1, 1).expand(46341, 46341)}, is refused where it is made,
 * naming its shape, rather than wrapping in some later op.
 */
public record Layout(int[] shape, int[] strides, int offset) {

    public Layout {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("layout: shape " + Shape.str(shape) + " has " + shape.length
                    + " dims but strides " + Arrays.toString(strides) + " have " + strides.length);
        }
        if (offset < 0) throw new IllegalArgumentException("layout: negative offset " + offset + " for shape " + Shape.str(shape));
        if (Shape.numel(shape) > 0) checkIndexRange(shape, strides, offset);
    }

    /** The lowest and highest storage index the layout reaches must both be valid int indices. */
    private static void checkIndexRange(int[] shape, int[] strides, int offset) {
        long low = offset;
        long high = offset;
        for (int i = 0; i < shape.length; i++) {
            long span = (long) (shape[i] - 1) * strides[i];
            if (span < 0) low += span;
            else high += span;
        }
        if (low < 0 || high > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layout: shape " + Shape.str(shape) + " with strides "
                    + Arrays.toString(strides) + " and offset " + offset + " reaches storage indices " + low + ".."
                    + high + ", outside 0.." + Integer.MAX_VALUE + "; sizes are 32-bit for now");
        }
    }

    public static Layout contiguous(int... shape) {
        return new Layout(shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    public int rank() { return shape.length; }

    public int numel() { return Shape.numel(shape); }

    public int size(int dim) { return shape[dim]; }

    public int stride(int dim) { return strides[dim]; }

    /** True when the elements are packed in row-major order starting at the offset. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Storage index of the element at the given row-major linear position. */
    public int indexOf(int linear) {
        int idx = offset;
        for (int i = shape.length - 1; i >= 0; i--) {
            int n = shape[i];
            idx += (linear % n) * strides[i];
            linear /= n;
        }
        return idx;
    }

    /** The same elements seen with the shape padded on the left to {@code rank} and expanded to {@code target}. */
    public Layout broadcastTo(int[] target) {
        int[] s = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) { s[i] = 0; continue; }
            int d = shape[i - lead];
            if (d == target[i]) s[i] = strides[i - lead];
            else if (d == 1) s[i] = 0;
            else throw new dev.ember.ShapeException("cannot broadcast " + Shape.str(shape) + " to " + Shape.str(target));
        }
        return new Layout(target.clone(), s, offset);
    }

    /**
     * The dims not listed in {@code dims} (sorted, distinct), at this layout's offset: in a reduction over
     * {@code dims}, one position per output, in the output's row-major order.
     */
    public Layout keptDims(int[] dims) { return select(dims, false, offset); }

    /**
     * Only the dims listed in {@code dims} (sorted, distinct), at offset 0: in a reduction over {@code dims}, the
     * elements one output combines, relative to the output's first element.
     */
    public Layout reducedDims(int[] dims) { return select(dims, true, 0); }

    private Layout select(int[] dims, boolean listed, int at) {
        boolean[] inDims = new boolean[shape.length];
        for (int d : dims) inDims[d] = true;
        int count = 0;
        for (boolean b : inDims) if (b == listed) count++;
        int[] sh = new int[count];
        int[] st = new int[count];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (inDims[d] != listed) continue;
            sh[k] = shape[d];
            st[k++] = strides[d];
        }
        return new Layout(sh, st, at);
    }

    public Layout permute(int[] order) {
        int[] sh = new int[order.length];
        int[] st = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sh[i] = shape[order[i]];
            st[i] = strides[order[i]];
        }
        return new Layout(sh, st, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() { return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset; }

    @Override
    public String toString() {
        return "Layout" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
    }
}
