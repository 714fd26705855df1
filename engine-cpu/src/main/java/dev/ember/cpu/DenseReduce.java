package dev.ember.cpu;

import dev.ember.backend.ReduceOp;

/**
 * SUM, PROD, MAX and MIN of float32 and float64 inputs whose innermost merged dim is contiguous, in two shapes:
 * <ul>
 *   <li>{@link #inner}: the contiguous dim is reduced, so each output is a set of contiguous rows
 *       ({@link ReductionRows#reduce}). An output with many elements (a full reduction) is cut into pieces that
 *       threads take separately; the pieces' results are combined in order afterwards.</li>
 *   <li>{@link #outer}: the contiguous dim is kept (the sum over the batch of an {@code [N, C]} matrix), so whole
 *       input rows are added into a row of up to {@link #COLUMNS} outputs ({@link ReductionRows#accumulate}) and
 *       the input is read in memory order, not with one strided walk per output. Long reductions are cut into
 *       chunks of rows, combined the same way.</li>
 * </ul>
 * Pieces and chunks have fixed sizes, so a result does not depend on the number of threads.
 */
final class DenseReduce {
    private DenseReduce() {}

    /** Elements per piece of one output's reduction (and rows times columns per chunk). */
    static final int PIECE = 1 << 16;

    /** Outputs accumulated together: a {@code double[]} of this many stays in the L1 cache. */
    static final int COLUMNS = 1024;

    static void inner(ReductionRows rows, ReduceOp op, CpuStorage x, ReduceLayout r, CpuStorage out) {
        int outputs = r.outputs;
        int perOutput = r.perOutput;
        int rowLength = r.reducedShape[r.reducedShape.length - 1];
        int outerReduced = r.reducedShape.length - 1;
        int pieces = (int) (((long) perOutput + PIECE - 1) / PIECE);
        double[] partial = pieces > 1 ? new double[outputs * pieces] : null;
        Parallel.forRange(outputs * pieces, (long) outputs * perOutput, (start, end) -> {
            for (int u = start; u < end; u++) {
                int o = u / pieces;
                int from = (u % pieces) * PIECE;
                int to = Math.min(perOutput, from + PIECE);
                int base = r.keptOffset(o);
                double acc = ReductionRows.identity(op);
                for (int e = from; e < to; ) {   // the piece's part of each row it touches
                    int row = e / rowLength;
                    int col = e % rowLength;
                    int n = Math.min(rowLength - col, to - e);
                    int at = base + r.reducedOffset(row, outerReduced) + col;
                    double v = x.array instanceof float[] f ? rows.reduce(op, f, at, n) : rows.reduce(op, (double[]) x.array, at, n);
                    acc = ReductionRows.combine(op, acc, v);
                    e += n;
                }
                if (partial == null) store(out, o, acc);
                else partial[u] = acc;
            }
        });
        if (partial == null) return;
        for (int o = 0; o < outputs; o++) {
            double acc = ReductionRows.identity(op);
            for (int p = 0; p < pieces; p++) acc = ReductionRows.combine(op, acc, partial[o * pieces + p]);
            store(out, o, acc);
        }
    }

    static void outer(ReductionRows rows, ReduceOp op, CpuStorage x, ReduceLayout r, CpuStorage out) {
        int width = r.keptShape[r.keptShape.length - 1];
        int outerKept = r.outputs / width;
        int reducedRows = r.perOutput;
        int reducedDims = r.reducedShape.length;
        int columns = Math.min(width, COLUMNS);
        int columnBlocks = (width + COLUMNS - 1) / COLUMNS;
        int rowsPerChunk = Math.max(1, PIECE / columns);
        int chunks = (reducedRows + rowsPerChunk - 1) / rowsPerChunk;
        int units = outerKept * columnBlocks * chunks;
        double[] partial = chunks > 1 ? new double[units * columns] : null;
        double identity = ReductionRows.identity(op);
        Parallel.forRange(units, (long) r.outputs * reducedRows, (start, end) -> {
            double[] acc = Scratch.get().doubles(0, columns);
            for (int u = start; u < end; u++) {
                int p = u / (columnBlocks * chunks);
                int first = ((u / chunks) % columnBlocks) * COLUMNS;
                int n = Math.min(COLUMNS, width - first);
                int fromRow = (u % chunks) * rowsPerChunk;
                int toRow = Math.min(reducedRows, fromRow + rowsPerChunk);
                int base = r.keptOffset(p * width + first);
                java.util.Arrays.fill(acc, 0, n, identity);
                for (int q = fromRow; q < toRow; q++) {
                    int at = base + r.reducedOffset(q, reducedDims);
                    if (x.array instanceof float[] f) rows.accumulate(op, f, at, acc, n);
                    else rows.accumulate(op, (double[]) x.array, at, acc, n);
                }
                if (partial == null) store(out, p * width + first, acc, n);
                else System.arraycopy(acc, 0, partial, u * columns, n);
            }
        });
        if (partial == null) return;
        double[] acc = new double[columns];
        for (int block = 0; block < outerKept * columnBlocks; block++) {
            int p = block / columnBlocks;
            int first = (block % columnBlocks) * COLUMNS;
            int n = Math.min(COLUMNS, width - first);
            java.util.Arrays.fill(acc, 0, n, identity);
            for (int c = 0; c < chunks; c++) {
                int from = (block * chunks + c) * columns;
                for (int j = 0; j < n; j++) acc[j] = ReductionRows.combine(op, acc[j], partial[from + j]);
            }
            store(out, p * width + first, acc, n);
        }
    }

    private static void store(CpuStorage out, int at, double v) {
        if (out.array instanceof float[] f) f[at] = (float) v;
        else ((double[]) out.array)[at] = v;
    }

    private static void store(CpuStorage out, int at, double[] values, int n) {
        if (out.array instanceof float[] f) for (int j = 0; j < n; j++) f[at + j] = (float) values[j];
        else System.arraycopy(values, 0, (double[]) out.array, at, n);
    }
}
