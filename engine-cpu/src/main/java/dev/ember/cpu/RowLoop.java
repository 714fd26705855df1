package dev.ember.cpu;

import dev.ember.backend.Layout;

/**
 * Walks several same-shape strided operands together as rows of their innermost dim. Dims that are contiguous
 * in every operand are merged first, so a packed tensor is one long row; rows longer than {@link #BLOCK} are cut
 * into blocks, and the blocks are the units of parallel work. Kernels either compute on a block straight in the
 * arrays (dense rows, see {@link #rowsAreDense}) or load it into a scratch buffer, compute there and store it.
 */
final class RowLoop {
    static final int BLOCK = 4096;

    private final int[] outerShape;
    private final int[][] outerStrides;   // [operand][dim]
    final int[] innerStrides;             // per operand
    private final int[] offsets;          // per operand
    final int rowLength;
    private final int blocksPerRow;
    final int units;

    RowLoop(int[] shape, Layout... layouts) {
        int k = layouts.length;
        int rank = shape.length;
        // merge dims, innermost first, dropping size-1 dims
        int[] mShape = new int[rank];
        int[][] mStrides = new int[k][rank];
        int m = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (m > 0) {
                boolean mergeable = true;
                for (int o = 0; o < k && mergeable; o++) {
                    mergeable = layouts[o].intStride(d) == mStrides[o][m - 1] * mShape[m - 1];
                }
                if (mergeable) {
                    mShape[m - 1] *= shape[d];
                    continue;
                }
            }
            mShape[m] = shape[d];
            for (int o = 0; o < k; o++) mStrides[o][m] = layouts[o].intStride(d);
            m++;
        }
        int total = 1;
        for (int d : shape) total *= d;
        offsets = new int[k];
        innerStrides = new int[k];
        for (int o = 0; o < k; o++) offsets[o] = layouts[o].intOffset();
        if (total == 0) {
            rowLength = 0;
            outerShape = new int[0];
            outerStrides = new int[k][0];
            blocksPerRow = 0;
            units = 0;
            return;
        }
        rowLength = m == 0 ? 1 : mShape[0];
        for (int o = 0; o < k; o++) innerStrides[o] = m == 0 ? 0 : mStrides[o][0];
        int outer = Math.max(0, m - 1);
        outerShape = new int[outer];
        outerStrides = new int[k][outer];
        for (int i = 0; i < outer; i++) {   // outermost first
            outerShape[i] = mShape[m - 1 - i];
            for (int o = 0; o < k; o++) outerStrides[o][i] = mStrides[o][m - 1 - i];
        }
        blocksPerRow = (rowLength + BLOCK - 1) / BLOCK;
        int rows = total / rowLength;
        units = rows * blocksPerRow;
    }

    /** Length of the block of unit {@code u}. */
    int length(int u) {
        int block = u % blocksPerRow;
        return Math.min(BLOCK, rowLength - block * BLOCK);
    }

    /** Storage index of the first element of unit {@code u} in each operand, written into {@code out}. */
    void starts(int u, int[] out) {
        int row = u / blocksPerRow;
        int first = (u % blocksPerRow) * BLOCK;
        for (int o = 0; o < out.length; o++) out[o] = offsets[o] + first * innerStrides[o];
        for (int d = outerShape.length - 1; d >= 0; d--) {
            int i = row % outerShape[d];
            row /= outerShape[d];
            for (int o = 0; o < out.length; o++) out[o] += i * outerStrides[o][d];
        }
    }

    /** Runs {@code body} over all units, in parallel when the tensor is large. */
    void run(Parallel.Range body) {
        Parallel.forRange(units, (long) units * Math.min(rowLength, BLOCK), body);
    }

    /**
     * True when every operand's rows are contiguous (stride 1) or one repeated element (stride 0), and the last
     * operand's (the output's) are contiguous: the rows the SIMD kernels take.
     */
    boolean rowsAreDense() {
        if (rowLength <= 1) return true;
        for (int s : innerStrides) if (s != 0 && s != 1) return false;
        return innerStrides[innerStrides.length - 1] == 1;
    }

    /** Operand {@code o}'s row stride for the SIMD kernels: 0 or 1 (a row of one element counts as contiguous). */
    int denseStride(int o) { return rowLength <= 1 ? 1 : innerStrides[o]; }

    int blockCapacity() { return Math.min(BLOCK, Math.max(rowLength, 1)); }
}
