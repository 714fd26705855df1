package dev.ember.backend;

import dev.ember.Shape;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage: element {@code (i0, i1, ...)} is at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. A stride of 0 repeats an element (broadcasting).
 * The arrays are never modified after construction.
 *
 * <p>Sizes are 64-bit: the element count, the strides and the offset are {@code long}, so a layout may describe more
 * than 2^31 elements; each dim stays an {@code int} (at most 2^31 - 1, as a Java array). A layout is checked when it
 * is made: its element count and the storage indices of its first and last elements fit a {@code long}. A view such
 * as {@code ones(1, 1).expand(46341, 46341)} (2147488281 elements over one) is therefore a valid layout; a kernel that
 * indexes in 32 bits takes it through {@link #intStrides()}, {@link #intOffset()} and {@link #intNumel()}, which
 * refuse what does not fit, and the CPU backend refuses such an operand by the op's name before any kernel runs.
 * <pre>{@code
 * Layout big = new Layout(new int[] {3, 715827885}, new long[] {715827885, 1}, 0);  // 2^31 + 7 elements
 * big.numel();          // 2147483655
 * big.fitsInt();        // false: an int-indexed kernel cannot take it
 * }</pre>
 */
public record Layout(int[] shape, long[] strides, long offset) {

    public Layout {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("layout: shape " + Shape.str(shape) + " has " + shape.length
                    + " dims but strides " + Arrays.toString(strides) + " have " + strides.length);
        }
        if (offset < 0) throw new IllegalArgumentException("layout: negative offset " + offset + " for shape " + Shape.str(shape));
        if (Shape.numel(shape) > 0) indexRange(shape, strides, offset);
    }

    /** A layout with int strides, as small layouts are often written (kernels, tests): the strides widened. */
    public Layout(int[] shape, int[] strides, long offset) { this(shape, widen(strides), offset); }

    private static long[] widen(int[] strides) {
        long[] w = new long[strides.length];
        for (int i = 0; i < w.length; i++) w[i] = strides[i];
        return w;
    }

    /** The lowest storage index the layout reaches must be at least 0, and the highest a long. */
    private static void indexRange(int[] shape, long[] strides, long offset) {
        long low = offset;
        long high = offset;
        try {
            for (int i = 0; i < shape.length; i++) {
                long span = Math.multiplyExact(shape[i] - 1, strides[i]);
                if (span < 0) low = Math.addExact(low, span);
                else high = Math.addExact(high, span);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("layout: shape " + Shape.str(shape) + " with strides "
                    + Arrays.toString(strides) + " and offset " + offset + " reaches storage indices beyond the long range");
        }
        if (low < 0) {
            throw new IllegalArgumentException("layout: shape " + Shape.str(shape) + " with strides "
                    + Arrays.toString(strides) + " and offset " + offset + " reaches storage index " + low
                    + ", before the storage's start");
        }
    }

    public static Layout contiguous(int... shape) {
        return new Layout(shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    public int rank() { return shape.length; }

    public long numel() { return Shape.numel(shape); }

    public int size(int dim) { return shape[dim]; }

    public long stride(int dim) { return strides[dim]; }

    /**
     * True when an int-indexed kernel can take this layout: its element count and every storage index it reaches are
     * at most {@link Integer#MAX_VALUE}. A backend checks this once per operand where an op comes in; the narrowing
     * accessors below then check only the value they narrow, cheaply, as a last guard.
     */
    public boolean fitsInt() {
        for (int d : shape) if (d == 0) return true;   // empty: no index is ever formed
        long n = 1;
        long high = offset;
        for (int i = 0; i < shape.length; i++) {   // no product can wrap: the constructor checked the long range
            n *= shape[i];
            if (strides[i] > 0) high += (shape[i] - 1) * strides[i];
        }
        return n <= Integer.MAX_VALUE && high <= Integer.MAX_VALUE;
    }

    /** The element count for an int-indexed kernel; throws when it is more than {@link Integer#MAX_VALUE}. */
    public int intNumel() {
        long n = numel();
        if (n > Integer.MAX_VALUE) throw tooLarge(n + " elements");
        return (int) n;
    }

    /** The strides for an int-indexed kernel, a new array; throws where one does not fit (see {@link #intStride}). */
    public int[] intStrides() {
        int[] s = new int[strides.length];
        for (int i = 0; i < s.length; i++) s[i] = intStride(i);
        return s;
    }

    /**
     * One stride for an int-indexed kernel. A stride beyond the int range on a dim of size 1 (or of an empty layout)
     * never moves the index: it becomes 0 rather than a wrapped value. Elsewhere it throws.
     */
    public int intStride(int dim) {
        long st = strides[dim];
        if (st == (int) st) return (int) st;
        if (shape[dim] == 1 || numel() == 0) return 0;
        throw tooLarge("a stride of " + st + " in dim " + dim);
    }

    /** The offset for an int-indexed kernel; throws when it is more than {@link Integer#MAX_VALUE}. */
    public int intOffset() {
        if (offset > Integer.MAX_VALUE) throw tooLarge("an offset of " + offset);
        return (int) offset;
    }

    private IllegalArgumentException tooLarge(String what) {
        return new IllegalArgumentException("layout: shape " + Shape.str(shape) + " (" + numel() + " elements, strides "
                + Arrays.toString(strides) + ", offset " + offset + ") has " + what + ", beyond " + Integer.MAX_VALUE
                + ", which a kernel that indexes in 32 bits cannot address");
    }

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
    public long indexOf(long linear) {
        long idx = offset;
        for (int i = shape.length - 1; i >= 0; i--) {
            int n = shape[i];
            idx += (linear % n) * strides[i];
            linear /= n;
        }
        return idx;
    }

    /**
     * {@link #indexOf} for an int-indexed kernel, whose layouts {@link #fitsInt()}: the index is an int. Checked all
     * the same, as the other narrowing accessors are, so that a layout that slipped past the backend's check throws
     * rather than wraps.
     */
    public int intIndexOf(int linear) {
        long idx = indexOf(linear);
        if (idx != (int) idx) throw tooLarge("element " + linear + " at storage index " + idx);
        return (int) idx;
    }

    /** The same elements seen with the shape padded on the left to {@code rank} and expanded to {@code target}. */
    public Layout broadcastTo(int[] target) {
        long[] s = new long[target.length];
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

    private Layout select(int[] dims, boolean listed, long at) {
        boolean[] inDims = new boolean[shape.length];
        for (int d : dims) inDims[d] = true;
        int count = 0;
        for (boolean b : inDims) if (b == listed) count++;
        int[] sh = new int[count];
        long[] st = new long[count];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (inDims[d] != listed) continue;
            sh[k] = shape[d];
            st[k++] = strides[d];
        }
        return new Layout(sh, st, at);
    }

    public Layout permute(int[] order) {
        int[] sh = new int[order.length];
        long[] st = new long[order.length];
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
    public int hashCode() { return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + Long.hashCode(offset); }

    @Override
    public String toString() {
        return "Layout" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
    }
}
