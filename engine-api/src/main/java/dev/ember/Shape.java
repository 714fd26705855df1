package dev.ember;

import java.util.Arrays;

/** Helpers for shapes held as {@code int[]}: element counts, broadcasting and dim checks, with clear errors. */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + str(shape) + " has " + n + " elements; at most "
                    + Integer.MAX_VALUE + " are supported");
        }
        return (int) n;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    /** Checks every size is non-negative and returns a copy. */
    public static int[] validated(int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative size in shape " + str(shape));
        }
        numel(shape);
        return shape.clone();
    }

    /** NumPy broadcasting of two shapes; throws naming both shapes when they do not broadcast. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " do not broadcast (dim " + i + " of the broadcast shape: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative dim into {@code [0, rank)}, or throws naming the op and the rank. */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IndexOutOfBoundsException(op + ": dim " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected " + (rank == 0 ? "none" : "-" + rank + ".." + (rank - 1)) + ")");
        }
        return d;
    }

    /** Normalised, sorted, distinct dims; an empty array means all dims. */
    public static int[] dims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int d : dims) {
            int n = dim(op, d, rank);
            if (seen[n]) throw new IllegalArgumentException(op + ": dim " + d + " appears twice in " + Arrays.toString(dims));
            seen[n] = true;
        }
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < rank; i++) if (seen[i]) out[k++] = i;
        return out;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }
}
