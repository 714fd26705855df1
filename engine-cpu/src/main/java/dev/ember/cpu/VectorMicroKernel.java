package dev.ember.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernels: a 6 x (2 vectors) tile of C held in twelve vector registers, one fused
 * multiply-add per A value and B vector (BLIS's Haswell shape: 6x16 floats, 6x8 doubles with AVX2; twice as
 * wide with AVX-512). Loaded by name from {@link Simd} only. Everything stays in one method with no vector
 * passed to a call: a vector that crosses a call C2 does not inline is boxed, which halves the speed.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final int ROWS = 6;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    @Override public int floatRows() { return ROWS; }
    @Override public int floatCols() { return 2 * FLOATS.length(); }
    @Override public int doubleRows() { return ROWS; }
    @Override public int doubleCols() { return 2 * DOUBLES.length(); }

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        int lanes = FLOATS.length();
        int cols = 2 * lanes;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(FLOATS, c, cOff + 0 * ldc);
            c01 = FloatVector.fromArray(FLOATS, c, cOff + 0 * ldc + lanes);
            c10 = FloatVector.fromArray(FLOATS, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(FLOATS, c, cOff + 1 * ldc + lanes);
            c20 = FloatVector.fromArray(FLOATS, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(FLOATS, c, cOff + 2 * ldc + lanes);
            c30 = FloatVector.fromArray(FLOATS, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(FLOATS, c, cOff + 3 * ldc + lanes);
            c40 = FloatVector.fromArray(FLOATS, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(FLOATS, c, cOff + 4 * ldc + lanes);
            c50 = FloatVector.fromArray(FLOATS, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(FLOATS, c, cOff + 5 * ldc + lanes);
        } else {
            c00 = FloatVector.zero(FLOATS);
            c01 = FloatVector.zero(FLOATS);
            c10 = FloatVector.zero(FLOATS);
            c11 = FloatVector.zero(FLOATS);
            c20 = FloatVector.zero(FLOATS);
            c21 = FloatVector.zero(FLOATS);
            c30 = FloatVector.zero(FLOATS);
            c31 = FloatVector.zero(FLOATS);
            c40 = FloatVector.zero(FLOATS);
            c41 = FloatVector.zero(FLOATS);
            c50 = FloatVector.zero(FLOATS);
            c51 = FloatVector.zero(FLOATS);
        }
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ROWS, bi += cols) {
            FloatVector b0 = FloatVector.fromArray(FLOATS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FLOATS, b, bi + lanes);
            FloatVector ar;
            ar = FloatVector.broadcast(FLOATS, a[ai + 0]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(FLOATS, a[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(FLOATS, a[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(FLOATS, a[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(FLOATS, a[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(FLOATS, a[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + lanes);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + lanes);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + lanes);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + lanes);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + lanes);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + lanes);
    }

    @Override
    public void multiply(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean accumulate) {
        int lanes = DOUBLES.length();
        int cols = 2 * lanes;
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = DoubleVector.fromArray(DOUBLES, c, cOff + 0 * ldc);
            c01 = DoubleVector.fromArray(DOUBLES, c, cOff + 0 * ldc + lanes);
            c10 = DoubleVector.fromArray(DOUBLES, c, cOff + 1 * ldc);
            c11 = DoubleVector.fromArray(DOUBLES, c, cOff + 1 * ldc + lanes);
            c20 = DoubleVector.fromArray(DOUBLES, c, cOff + 2 * ldc);
            c21 = DoubleVector.fromArray(DOUBLES, c, cOff + 2 * ldc + lanes);
            c30 = DoubleVector.fromArray(DOUBLES, c, cOff + 3 * ldc);
            c31 = DoubleVector.fromArray(DOUBLES, c, cOff + 3 * ldc + lanes);
            c40 = DoubleVector.fromArray(DOUBLES, c, cOff + 4 * ldc);
            c41 = DoubleVector.fromArray(DOUBLES, c, cOff + 4 * ldc + lanes);
            c50 = DoubleVector.fromArray(DOUBLES, c, cOff + 5 * ldc);
            c51 = DoubleVector.fromArray(DOUBLES, c, cOff + 5 * ldc + lanes);
        } else {
            c00 = DoubleVector.zero(DOUBLES);
            c01 = DoubleVector.zero(DOUBLES);
            c10 = DoubleVector.zero(DOUBLES);
            c11 = DoubleVector.zero(DOUBLES);
            c20 = DoubleVector.zero(DOUBLES);
            c21 = DoubleVector.zero(DOUBLES);
            c30 = DoubleVector.zero(DOUBLES);
            c31 = DoubleVector.zero(DOUBLES);
            c40 = DoubleVector.zero(DOUBLES);
            c41 = DoubleVector.zero(DOUBLES);
            c50 = DoubleVector.zero(DOUBLES);
            c51 = DoubleVector.zero(DOUBLES);
        }
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += ROWS, bi += cols) {
            DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(DOUBLES, b, bi + lanes);
            DoubleVector ar;
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 0]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = DoubleVector.broadcast(DOUBLES, a[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + lanes);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + lanes);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + lanes);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + lanes);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + lanes);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + lanes);
    }
}
