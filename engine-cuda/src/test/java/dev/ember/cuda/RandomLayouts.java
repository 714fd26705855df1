package dev.ember.cuda;

import dev.ember.backend.Layout;

import java.util.Random;

/**
 * Seeded random layouts of a given shape, of the kinds the engine hands a backend: contiguous, permuted
 * (transposes of a contiguous tensor), slices with steps and offsets, arbitrary non-negative strides, and any of
 * these broadcast (stride 0) along some dims. Negative strides are left out: the engine never makes them.
 */
final class RandomLayouts {
    final Random random;

    RandomLayouts(long seed) { this.random = new Random(seed); }

    /** A shape of {@code rank} sizes from 1 to {@code maxSize}, a third of them 1. */
    int[] shape(int rank, int maxSize) {
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(maxSize);
        return shape;
    }

    /** A layout of {@code shape} of a random kind. */
    Layout of(int[] shape) {
        Layout l = switch (random.nextInt(5)) {
            case 0 -> withOffset(Layout.contiguous(shape));
            case 1 -> withOffset(permuted(shape));
            case 2 -> sliced(shape);
            case 3 -> permutedSlice(shape);
            default -> anyStrides(shape);
        };
        return random.nextInt(3) == 0 ? broadcast(l) : l;
    }

    /**
     * {@code count} layouts of {@code shape} as one elementwise op often gets them: the dims in one storage order
     * (a shared transpose, or none), each at its own offset, some broadcast along some dims.
     */
    Layout[] alike(int[] shape, int count) {
        int[] order = random.nextBoolean() ? identity(shape.length) : permutation(shape.length);
        Layout[] layouts = new Layout[count];
        for (int o = 0; o < count; o++) {
            Layout l = withOffset(permuted(shape, order));
            layouts[o] = random.nextInt(3) == 0 ? broadcast(l) : l;
        }
        return layouts;
    }

    /** {@code shape} viewed through a transpose of a contiguous tensor: its dims sit in storage in a random order. */
    Layout permuted(int[] shape) { return permuted(shape, permutation(shape.length)); }

    /** {@code shape} viewed through a transpose of a contiguous tensor whose dim {@code i} is {@code shape[order[i]]}. */
    Layout permuted(int[] shape, int[] order) {
        int[] stored = new int[shape.length];
        for (int i = 0; i < order.length; i++) stored[i] = shape[order[i]];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[order[i]] = i;
        return Layout.contiguous(stored).permute(inverse);
    }

    /** {@code shape} cut out of a larger contiguous tensor: a start, a step and some slack in every dim. */
    Layout sliced(int[] shape) {
        int rank = shape.length;
        int[] base = new int[rank];
        int[] start = new int[rank];
        int[] step = new int[rank];
        for (int d = 0; d < rank; d++) {
            start[d] = random.nextInt(3);
            step[d] = 1 + random.nextInt(3);
            base[d] = start[d] + (shape[d] - 1) * step[d] + 1 + random.nextInt(3);
        }
        Layout full = Layout.contiguous(base);
        int offset = random.nextInt(4);
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) {
            offset += start[d] * full.intStride(d);
            strides[d] = full.intStride(d) * step[d];
        }
        return new Layout(shape.clone(), strides, offset);
    }

    /** A slice of a transposed tensor. */
    Layout permutedSlice(int[] shape) {
        int[] order = permutation(shape.length);
        int[] stored = new int[shape.length];
        for (int i = 0; i < order.length; i++) stored[i] = shape[order[i]];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[order[i]] = i;
        return sliced(stored).permute(inverse);
    }

    /** Strides from 0 to 12 picked independently, so elements may overlap. */
    Layout anyStrides(int[] shape) {
        int[] strides = new int[shape.length];
        for (int d = 0; d < shape.length; d++) strides[d] = random.nextInt(13);
        return new Layout(shape.clone(), strides, random.nextInt(5));
    }

    /** {@code l} with the stride of some dims set to 0, as an expanded (broadcast) tensor has. */
    Layout broadcast(Layout l) {
        int[] strides = l.intStrides();
        for (int d = 0; d < strides.length; d++) if (random.nextInt(3) == 0) strides[d] = 0;
        return new Layout(l.shape(), strides, l.intOffset());
    }

    private Layout withOffset(Layout l) {
        return random.nextBoolean() ? l : new Layout(l.shape(), l.strides(), random.nextInt(7));
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private int[] permutation(int n) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The number of storage elements {@code l} needs: its largest index plus one (0 when it has no elements). */
    static int storageSize(Layout l) {
        if (l.intNumel() == 0) return 0;
        int last = l.intOffset();
        for (int d = 0; d < l.rank(); d++) last += (l.size(d) - 1) * l.intStride(d);
        return last + 1;
    }
}
