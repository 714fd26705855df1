package dev.ember.cpu;

/** Plain-Java micro-kernels for JVMs without the Vector API: a 4x8 tile of scalar accumulations. */
final class ScalarMicroKernel implements MicroKernel {
    private static final int ROWS = 4;
    private static final int COLS = 8;

    @Override public int floatRows() { return ROWS; }
    @Override public int floatCols() { return COLS; }
    @Override public int doubleRows() { return ROWS; }
    @Override public int doubleCols() { return COLS; }

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < ROWS; r++) {
            int ci = cOff + r * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + COLS, 0f);
            for (int p = 0; p < kc; p++) {
                float av = a[aOff + p * ROWS + r];
                int bi = bOff + p * COLS;
                for (int j = 0; j < COLS; j++) c[ci + j] += av * b[bi + j];
            }
        }
    }

    @Override
    public void multiply(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < ROWS; r++) {
            int ci = cOff + r * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + COLS, 0.0);
            for (int p = 0; p < kc; p++) {
                double av = a[aOff + p * ROWS + r];
                int bi = bOff + p * COLS;
                for (int j = 0; j < COLS; j++) c[ci + j] += av * b[bi + j];
            }
        }
    }
}
