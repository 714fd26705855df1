package dev.ember.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link RunAdd}, with a scalar tail. Runs are short (one output row of a convolution, often under
 * 32 elements), so vectors are at most 256 bits wide: a 512-bit vector would leave most of a run to the tail.
 * Loaded by name from {@link Simd} only.
 */
final class VectorRunAdd implements RunAdd {
    private static final VectorSpecies<Float> FLOATS =
            FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES =
            DoubleVector.SPECIES_PREFERRED.vectorBitSize() > 256 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int i = 0;
        for (int end = FLOATS.loopBound(n); i < end; i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, dst, dstOff + i).add(FloatVector.fromArray(FLOATS, src, srcOff + i)).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }

    @Override
    public void add(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        int i = 0;
        for (int end = DOUBLES.loopBound(n); i < end; i += DOUBLES.length()) {
            DoubleVector.fromArray(DOUBLES, dst, dstOff + i).add(DoubleVector.fromArray(DOUBLES, src, srcOff + i)).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }
}
