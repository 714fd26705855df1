package dev.ember.cpu;

/**
 * Where a batch of matrices sits in a flat array: element {@code [b][i][j]} is at
 * {@code offset + b*batchStride + i*rowStride + j*colStride}. A transposed matrix is the same array with the
 * two strides swapped; a batch stride of 0 broadcasts one matrix over the batch.
 */
record MatrixLayout(int offset, int batchStride, int rowStride, int colStride) {
    static MatrixLayout rowMajor(int offset, int rows, int cols) {
        return new MatrixLayout(offset, rows * cols, cols, 1);
    }

    /** The same matrices read transposed. */
    MatrixLayout transposed() {
        return new MatrixLayout(offset, batchStride, colStride, rowStride);
    }
}
