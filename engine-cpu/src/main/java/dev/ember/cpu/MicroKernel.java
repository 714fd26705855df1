package dev.ember.cpu;

/**
 * The innermost GEMM step: a {@code rows x cols} tile of C from a packed A sliver ({@code kc} columns of
 * {@code rows} values, column after column) and a packed B sliver ({@code kc} rows of {@code cols} values).
 * The tile of C starts at {@code cOff} with rows {@code ldc} apart; {@code accumulate} adds to it instead of
 * overwriting. Callers hand over whole tiles only; edges go through a scratch tile.
 */
interface MicroKernel {
    int floatRows();

    int floatCols();

    int doubleRows();

    int doubleCols();

    void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    void multiply(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean accumulate);
}
