package dev.ember;

import java.util.Arrays;

/** Helpers for shapes held as {@code int[]}: element counts, broadcasting and dim checks, with clear errors. */
public final class Shape {
    private Shape() {}

    /**
     * The number of elements, checked: each dim is an {@code int} (at most 2^31 - 1, as a Java array), the count a
     * {@code long}; a shape whose product passes the long range is refused naming it, never wrapped.
     */
    public static long numel(int[] shape) {
        boolean empty = false;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative size in shape " + str(shape));
            empty |= d == 0;
        }
        if (empty) return 0;
        long n = 1;
        for (int d : shape) n = product(shape, n, d);
        return n;
    }

    /**
     * The row-major strides of {@code shape} (a size-0 dim counts as 1, as in PyTorch). A stride that passes the long
     * range is refused naming the shape, even when a size-0 dim leaves the tensor empty.
     */
    public static long[] contiguousStrides(int[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            if (i == 0) break;
            try {
                s = Math.multiplyExact(s, Math.max(shape[i], 1));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + str(shape) + ": the stride of dim " + (i - 1)
                        + " would pass the long range of 64-bit strides");
            }
        }
        return strides;
    }

    /** {@code n * d} for a running size product of {@code shape}; throws naming the shape when it passes the long range. */
    private static long product(int[] shape, long n, int d) {
        try {
            return Math.multiplyExact(n, d);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + str(shape) + " has " + exactProduct(shape) + " elements, more "
                    + "than the " + Long.MAX_VALUE + " that 64-bit sizes count");
        }
    }

    private static java.math.BigInteger exactProduct(int[] shape) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (int d : shape) n = n.multiply(java.math.BigInteger.valueOf(d));
        return n;
    }

    /**
     * {@code a + b} for sizes along one dim (as {@code cat} adds them); throws naming {@code op} and the sizes when
     * the sum passes the int range.
     */
    public static int addSizes(String op, int a, int b) {
        long sum = (long) a + b;
        if (sum > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": a dim of " + a + " + " + b + " = " + sum + " elements is more than "
                    + Integer.MAX_VALUE + ", the most one dim holds");
        }
        return (int) sum;
    }

    /**
     * {@code n} as one dim of a shape, as {@code op} needs it (a batch of rows flattened into one dim): throws naming
     * the op and {@code shape} when it passes 2^31 - 1, the most one dim holds.
     */
    public static int dimOf(String op, int[] shape, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " would need one dim of " + n
                    + " elements, more than " + Integer.MAX_VALUE + ", the most one dim holds");
        }
        return (int) n;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    /** Checks every size is non-negative and that the sizes' product and strides fit a long; returns a copy. */
    public static int[] validated(int[] shape) {
        numel(shape);
        contiguousStrides(shape);
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
                throw new ShapeException(op + ": shapes " + str(a) + " and " + str(b)
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

    /**
     * A dim as reductions, softmax and scans take it: as {@link #dim}, but a 0-dim tensor accepts -1 and 0, naming its
     * one element, as PyTorch does ({@code sum(0)}, {@code softmax(-1)} of a 0-dim tensor); 0 for a 0-dim tensor.
     */
    public static int reductionDim(String op, int dim, int rank) { return dim(op, dim, Math.max(rank, 1)); }

    /**
     * Normalised, sorted, distinct dims; an empty array means all dims. A 0-dim tensor accepts -1 and 0
     * ({@link #reductionDim}) and has no dims to reduce: the result is empty.
     */
    public static int[] dims(String op, int[] dims, int rank) {
        if (rank == 0) {
            boolean seen = false;
            for (int d : dims) {
                reductionDim(op, d, rank);
                if (seen) throw new IllegalArgumentException(op + ": dim " + d + " appears twice in " + Arrays.toString(dims));
                seen = true;
            }
            return new int[0];
        }
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
}
