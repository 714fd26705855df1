package dev.ember.cuda;

/**
 * How one matrix operand of a row-major product is handed to column-major cuBLAS without copying. A row-major
 * {@code rows x cols} matrix with row stride {@code ld} is, read column-major, its transpose with leading dimension
 * {@code ld}; a column-major one (row stride 1) is itself. {@code transposed} says whether cuBLAS must transpose
 * what it reads to get the row-major matrix's transpose, which is what the row-major trick
 * {@code C^T = B^T A^T} needs. Null from {@link #of} means the strides fit neither form and the operand must be
 * copied to a contiguous buffer first; so does a stride beyond cuBLAS's int leading dimension.
 */
record GemmOperand(boolean transposed, int ld) {

    static GemmOperand of(int rows, int cols, long rowLong, long colLong) {
        if (rowLong != (int) rowLong || colLong != (int) colLong) return null;
        int rowStride = (int) rowLong, colStride = (int) colLong;
        if ((cols == 1 || colStride == 1) && (rows == 1 || rowStride >= Math.max(cols, 1))) {
            return new GemmOperand(false, rows == 1 ? Math.max(cols, 1) : rowStride);
        }
        if ((rows == 1 || rowStride == 1) && (cols == 1 || colStride >= Math.max(rows, 1))) {
            return new GemmOperand(true, cols == 1 ? Math.max(rows, 1) : colStride);
        }
        return null;
    }
}
