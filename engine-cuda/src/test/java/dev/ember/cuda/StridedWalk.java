package dev.ember.cuda;

/**
 * The kernels' walk from a linear index to a storage position ({@code positions} in kernels/src/main/cuda/common.cuh),
 * in Java, over the {@code int[18]} a {@code Strided} is packed into: rank, offset, 8 sizes, 8 strides.
 */
final class StridedWalk {
    private StridedWalk() {}

    static int rank(int[] packed) { return packed[0]; }

    static int offset(int[] packed) { return packed[1]; }

    static int size(int[] packed, int d) { return packed[2 + d]; }

    static int stride(int[] packed, int d) { return packed[2 + StridedArgs.MAX_RANK + d]; }

    /**
     * The storage position in operand {@code op} of linear index {@code i} taken row-major over {@code by}'s shape,
     * as the kernel computes it: only {@code by}'s rank and sizes are read, the outermost dim takes what is left of
     * {@code i}, and {@code op} contributes its offset and strides.
     */
    static long position(int[] by, long i, int[] op) {
        long p = offset(op);
        for (int d = StridedArgs.MAX_RANK - 1; d >= 0; d--) {
            if (d >= rank(by)) continue;
            long c = i;
            if (d > 0) {
                c = i % size(by, d);
                i /= size(by, d);
            }
            p += c * stride(op, d);
        }
        return p;
    }

    /** The number of elements of {@code packed}'s shape (1 for rank 0). */
    static long numel(int[] packed) {
        long n = 1;
        for (int d = 0; d < rank(packed); d++) n *= size(packed, d);
        return n;
    }
}
