package dev.ember.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link MaxPoolPlanes}: half a vector of outputs per step of an output row. A float vector of the input
 * row, read as long lanes, holds one window's two columns per lane, so the horizontal winner needs no shuffle: the
 * even column is the low half of the lane, the odd column the high half. Each value is ranked by {@link MaxPool}'s
 * integer key (-0 as +0, every NaN equal and above +infinity), so the first largest value wins as in the scalar
 * loop and the outputs are its bits exactly; the row's last step is masked. Loaded by name from {@link Simd} only.
 */
final class VectorMaxPool implements MaxPoolPlanes {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> PAIRS = VectorSpecies.of(long.class, FLOATS.vectorShape());
    private static final VectorSpecies<Integer> OUTS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    private static final VectorSpecies<Float> OUT_FLOATS = OUTS.withLanes(float.class);
    private static final LongVector EVEN_COLUMNS = LongVector.zero(PAIRS).addIndex(2);

    @Override
    public void twoByTwo(float[] x, int in, PoolShape s, float[] y, long[] indices, int out) {
        int w = s.w(), ow = s.ow(), step = PAIRS.length();
        for (int i = 0, o = out; i < s.oh(); i++, o += ow) {
            int row = 2 * i * w;
            for (int j = 0; j < ow; j += step) {
                // one body for full and partial steps: a call out of the loop would box the vectors
                VectorMask<Float> inputs = FLOATS.indexInRange(2 * j, 2 * ow);
                FloatVector top = FloatVector.fromArray(FLOATS, x, in + row + 2 * j, inputs);
                FloatVector bottom = FloatVector.fromArray(FLOATS, x, in + row + w + 2 * j, inputs);
                LongVector topKeys = keys(top), bottomKeys = keys(bottom);
                VectorMask<Long> topRight = high(topKeys).compare(VectorOperators.GT, low(topKeys));
                VectorMask<Long> bottomRight = high(bottomKeys).compare(VectorOperators.GT, low(bottomKeys));
                LongVector topKey = low(topKeys).blend(high(topKeys), topRight);
                LongVector bottomKey = low(bottomKeys).blend(high(bottomKeys), bottomRight);
                VectorMask<Long> down = bottomKey.compare(VectorOperators.GT, topKey);

                LongVector topBits = top.reinterpretAsLongs(), bottomBits = bottom.reinterpretAsLongs();
                topBits = topBits.blend(topBits.lanewise(VectorOperators.LSHR, 32), topRight);
                bottomBits = bottomBits.blend(bottomBits.lanewise(VectorOperators.LSHR, 32), bottomRight);
                LongVector bits = topBits.blend(bottomBits, down);

                LongVector at = EVEN_COLUMNS.add(row + 2 * j);
                LongVector topAt = at.blend(at.add(1), topRight);
                LongVector bottomAt = at.add(w).blend(at.add(w + 1), bottomRight);
                topAt.blend(bottomAt, down).intoArray(indices, o + j, PAIRS.indexInRange(j, ow));
                ((IntVector) bits.convertShape(VectorOperators.L2I, OUTS, 0)).reinterpretAsFloats()
                        .intoArray(y, o + j, OUT_FLOATS.indexInRange(j, ow));
            }
        }
    }

    /** {@link MaxPool}'s key of each float, two to a long lane (the even column low, the odd one high). */
    private static LongVector keys(FloatVector v) {
        IntVector bits = v.add(0f).reinterpretAsInts();   // + 0 turns -0 into +0
        bits = bits.blend(0x7fc00000, bits.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));   // one NaN
        return bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).and(0x7fffffff)).reinterpretAsLongs();
    }

    private static LongVector low(LongVector pairs) {
        return pairs.lanewise(VectorOperators.LSHL, 32).lanewise(VectorOperators.ASHR, 32);
    }

    private static LongVector high(LongVector pairs) {
        return pairs.lanewise(VectorOperators.ASHR, 32);
    }
}
