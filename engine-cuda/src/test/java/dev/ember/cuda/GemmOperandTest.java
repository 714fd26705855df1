package dev.ember.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GemmOperand} against a brute-force reading of cuBLAS's storage rule. A row-major {@code rows x cols} matrix
 * with element {@code (r, c)} at {@code r*rowStride + c*colStride} fits cuBLAS without a copy when some leading
 * dimension {@code ld} makes it a column-major matrix: untransposed, the stored matrix is its transpose
 * ({@code cols x rows}, element {@code (r, c)} at {@code c + r*ld}, {@code ld >= max(1, cols)}); transposed, it is
 * the matrix itself ({@code rows x cols}, at {@code r + c*ld}, {@code ld >= max(1, rows)}).
 */
class GemmOperandTest {
    private static final int MAX_SIZE = 5;
    private static final int MAX_STRIDE = 12;

    @Test
    void nullExactlyWhenNoLeadingDimensionFitsEitherForm() {
        int fitting = 0;
        for (int rows = 1; rows <= MAX_SIZE; rows++) {
            for (int cols = 1; cols <= MAX_SIZE; cols++) {
                for (int rowStride = 0; rowStride <= MAX_STRIDE; rowStride++) {
                    for (int colStride = 0; colStride <= MAX_STRIDE; colStride++) {
                        GemmOperand g = GemmOperand.of(rows, cols, rowStride, colStride);

                        String where = rows + "x" + cols + " strides (" + rowStride + ", " + colStride + ")";
                        if (!fitsSomeLd(rows, cols, rowStride, colStride, false)
                                && !fitsSomeLd(rows, cols, rowStride, colStride, true)) {
                            assertNull(g, where + " fits neither form");
                            continue;
                        }
                        fitting++;
                        assertNotNull(g, where + " fits a form");
                        int minimum = Math.max(1, g.transposed() ? rows : cols);
                        assertTrue(g.ld() >= minimum, where + ": ld " + g.ld() + " below cuBLAS's minimum " + minimum);
                        assertTrue(fits(rows, cols, rowStride, colStride, g.transposed(), g.ld()),
                                where + ": " + g + " reads other elements");
                    }
                }
            }
        }
        assertTrue(fitting > 100, "only " + fitting + " fitting cases");
    }

    @Test
    void theEngineCommonLayoutsTakeTheExpectedForm() {
        assertEquals(new GemmOperand(false, 4), GemmOperand.of(3, 4, 4, 1));    // contiguous
        assertEquals(new GemmOperand(false, 7), GemmOperand.of(3, 4, 7, 1));    // a column slice: rows 7 apart
        assertEquals(new GemmOperand(true, 3), GemmOperand.of(3, 4, 1, 3));     // a transposed contiguous matrix
        assertEquals(new GemmOperand(false, 4), GemmOperand.of(1, 4, 0, 1));    // one row, broadcast row stride
        assertEquals(new GemmOperand(false, 1), GemmOperand.of(3, 1, 1, 0));    // one column, broadcast col stride
        assertNull(GemmOperand.of(3, 4, 0, 1));                                 // rows broadcast: they overlap
        assertNull(GemmOperand.of(3, 4, 8, 2));                                 // no unit stride
    }

    /** Whether some {@code ld} of cuBLAS's allowed range makes the matrix that stored form. */
    private static boolean fitsSomeLd(int rows, int cols, int rowStride, int colStride, boolean transposed) {
        int minimum = Math.max(1, transposed ? rows : cols);
        for (int ld = minimum; ld <= MAX_STRIDE + MAX_SIZE; ld++) {
            if (fits(rows, cols, rowStride, colStride, transposed, ld)) return true;
        }
        return false;
    }

    /** Whether every element of the row-major matrix is where the stored column-major form reads it. */
    private static boolean fits(int rows, int cols, int rowStride, int colStride, boolean transposed, int ld) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int stored = transposed ? r + c * ld : c + r * ld;
                if (stored != r * rowStride + c * colStride) return false;
            }
        }
        return true;
    }
}
