package dev.ember.cuda;

import dev.ember.backend.Layout;

import java.util.Arrays;

/**
 * Packs the layouts of one elementwise launch into the kernels' {@code Strided} struct (kernels/ABI.md):
 * {@code int[18]} = rank, offset, 8 sizes, 8 strides. The operands share the output's shape, so they are
 * simplified together: size-1 dims are dropped and neighbouring dims merged wherever every operand's strides
 * allow it. A contiguous tensor of any rank becomes rank 1, which keeps the kernels' index arithmetic short.
 * The struct is 32-bit (kernels/ABI.md): an offset, stride or merged size beyond the int range is refused here, by
 * the layout's int accessors or {@link CudaBackend#launchCount}.
 */
final class StridedArgs {
    static final int MAX_RANK = 8;
    static final int INTS = 2 + 2 * MAX_RANK;

    private StridedArgs() {}

    /** The layouts, all of {@code layouts[0]}'s shape, simplified jointly and packed one {@code int[18]} each. */
    static int[][] pack(Layout... layouts) {
        int[] shape = layouts[0].shape();
        for (Layout l : layouts) {
            if (!Arrays.equals(shape, l.shape())) {
                throw new IllegalArgumentException("operands of one kernel must share a shape: " + Arrays.toString(shape)
                        + " and " + Arrays.toString(l.shape()));
            }
        }
        int rank = shape.length;
        int[] dims = new int[rank];
        int kept = 0;
        for (int d = 0; d < rank; d++) if (shape[d] != 1) dims[kept++] = d;
        // merged[i] lists the simplified dims as (size, stride per operand), innermost last
        int[] sizes = new int[kept];
        int[][] strides = new int[layouts.length][kept];
        int r = 0;
        for (int i = 0; i < kept; i++) {
            int d = dims[i];
            if (r > 0 && mergeable(layouts, dims[i - 1], d)) {
                sizes[r - 1] = CudaBackend.launchCount("a CUDA kernel's merged dim", (long) sizes[r - 1] * shape[d]);
                for (int o = 0; o < layouts.length; o++) strides[o][r - 1] = layouts[o].intStride(d);
                continue;
            }
            sizes[r] = shape[d];
            for (int o = 0; o < layouts.length; o++) strides[o][r] = layouts[o].intStride(d);
            r++;
        }
        if (r > MAX_RANK) {
            throw new IllegalArgumentException("the CUDA kernels take at most " + MAX_RANK + " dims after merging, got "
                    + r + " for shape " + Arrays.toString(shape) + " (make the tensor contiguous first)");
        }
        int[][] packed = new int[layouts.length][];
        for (int o = 0; o < layouts.length; o++) {
            int[] p = new int[INTS];
            p[0] = r;
            p[1] = layouts[o].intOffset();
            System.arraycopy(sizes, 0, p, 2, r);
            System.arraycopy(strides[o], 0, p, 2 + MAX_RANK, r);
            packed[o] = p;
        }
        return packed;
    }

    /** One layout packed as it is (no merging): for operands whose dims carry meaning, like gather's {@code dim}. */
    static int[] exact(Layout l) {
        if (l.rank() > MAX_RANK) {
            throw new IllegalArgumentException("the CUDA kernels take at most " + MAX_RANK + " dims, got shape "
                    + Arrays.toString(l.shape()));
        }
        int[] p = new int[INTS];
        p[0] = l.rank();
        p[1] = l.intOffset();
        System.arraycopy(l.shape(), 0, p, 2, l.rank());
        System.arraycopy(l.intStrides(), 0, p, 2 + MAX_RANK, l.rank());
        return p;
    }

    /** Dim {@code outer} directly encloses {@code inner} in every operand: outer stride = inner stride * inner size. */
    private static boolean mergeable(Layout[] layouts, int outer, int inner) {
        for (Layout l : layouts) {
            if (l.stride(outer) != l.stride(inner) * l.shape()[inner]) return false;
        }
        return true;
    }
}
