package dev.ember.cuda;

import dev.ember.backend.Layout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the elementwise kernels do with {@link StridedArgs}' packing, emulated ({@link StridedWalk}): for every
 * linear index of the shape, each operand's packed {@code Strided} must reach the element its {@link Layout} names.
 */
class StridedArgsTest {

    @Test
    void everyOperandReachesTheElementsItsLayoutNames() {
        RandomLayouts layouts = new RandomLayouts(20240611);
        int merged = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int[] shape = layouts.shape(layouts.random.nextInt(7), 5);
            int count = 1 + layouts.random.nextInt(4);
            Layout[] operands = layouts.random.nextBoolean() ? layouts.alike(shape, count) : new Layout[count];
            for (int o = 0; o < count; o++) if (operands[o] == null) operands[o] = layouts.of(shape);

            int[][] packed = StridedArgs.pack(operands);

            String where = "operands " + Arrays.toString(operands);
            assertEquals(operands.length, packed.length, where);
            for (int o = 0; o < operands.length; o++) {
                assertEquals(StridedArgs.INTS, packed[o].length, where);
                assertEquals(operands[o].intOffset(), StridedWalk.offset(packed[o]), where);
                assertEquals(StridedWalk.rank(packed[0]), StridedWalk.rank(packed[o]), "ranks differ: " + where);
                assertArrayEquals(Arrays.copyOfRange(packed[0], 2, 2 + StridedArgs.MAX_RANK),
                        Arrays.copyOfRange(packed[o], 2, 2 + StridedArgs.MAX_RANK), "sizes differ: " + where);
                for (int d = StridedWalk.rank(packed[o]); d < StridedArgs.MAX_RANK; d++) {
                    assertEquals(0, StridedWalk.size(packed[o], d), "unused size " + d + ": " + where);
                    assertEquals(0, StridedWalk.stride(packed[o], d), "unused stride " + d + ": " + where);
                }
            }
            int n = operands[0].intNumel();
            assertEquals(n, StridedWalk.numel(packed[0]), "the packed shape must hold n elements: " + where);
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < operands.length; o++) {
                    // the kernels walk the output's (operand 0's) shape for every operand
                    assertEquals(operands[o].intIndexOf(i), StridedWalk.position(packed[0], i, packed[o]),
                            "operand " + o + " at linear index " + i + ": " + where);
                }
            }
            if (StridedWalk.rank(packed[0]) < nonUnitDims(shape)) merged++;
        }
        assertTrue(merged > 500, "only " + merged + " cases merged dims: the check would not see a wrong merge");
    }

    @Test
    void aContiguousLayoutOfAnyRankPacksToRankAtMostOne() {
        RandomLayouts layouts = new RandomLayouts(7);
        for (int rank = 0; rank <= 12; rank++) {
            for (int trial = 0; trial < 20; trial++) {
                int[] shape = layouts.shape(rank, 3);
                Layout l = new Layout(shape, Layout.contiguous(shape).strides(), layouts.random.nextInt(5));

                int[] p = StridedArgs.pack(l)[0];

                String where = l.toString();
                assertTrue(StridedWalk.rank(p) <= 1, where + " packed to rank " + StridedWalk.rank(p));
                assertEquals(l.intOffset(), StridedWalk.offset(p), where);
                if (l.intNumel() > 1) {
                    assertEquals(1, StridedWalk.rank(p), where);
                    assertEquals(l.intNumel(), StridedWalk.size(p, 0), where);
                    assertEquals(1, StridedWalk.stride(p, 0), where);
                }
            }
        }
    }

    @Test
    void moreThanEightDimsAfterMergingAreRefusedNamingTheShape() {
        int[] shape = new int[9];
        int[] strides = new int[9];
        for (int d = 8, stride = 1; d >= 0; d--, stride *= 3) {   // size 2, stride 3^k: no two dims merge
            shape[d] = 2;
            strides[d] = stride;
        }
        Layout unmergeable = new Layout(shape, strides, 0);

        var e = assertThrows(IllegalArgumentException.class, () -> StridedArgs.pack(unmergeable));

        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
        assertTrue(e.getMessage().contains("got 9"), e.getMessage());
        assertTrue(e.getMessage().contains(Arrays.toString(shape)), e.getMessage());

        // one mergeable pair, or size-1 dims, bring it back within the limit
        int[] oneMerge = strides.clone();
        oneMerge[0] = 2 * oneMerge[1];
        assertEquals(8, StridedWalk.rank(StridedArgs.pack(new Layout(shape, oneMerge, 0))[0]));
        int[] withOnes = {1, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2};
        int[] onesStrides = {5, 4374, 1458, 486, 7, 162, 54, 18, 6, 11, 2};
        assertEquals(8, StridedWalk.rank(StridedArgs.pack(new Layout(withOnes, onesStrides, 0))[0]));
    }

    @Test
    void operandsOfDifferentShapesAreRefused() {
        Layout a = Layout.contiguous(2, 3);
        Layout b = Layout.contiguous(3, 2);

        var e = assertThrows(IllegalArgumentException.class, () -> StridedArgs.pack(a, b));

        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StridedArgs.pack(a, a, Layout.contiguous(6)));
    }

    @Test
    void exactKeepsEveryDimAsItIs() {
        RandomLayouts layouts = new RandomLayouts(99);
        for (int trial = 0; trial < 500; trial++) {
            Layout l = layouts.of(layouts.shape(layouts.random.nextInt(9), 3));

            int[] p = StridedArgs.exact(l);

            String where = l.toString();
            assertEquals(StridedArgs.INTS, p.length, where);
            assertEquals(l.rank(), StridedWalk.rank(p), where);
            assertEquals(l.intOffset(), StridedWalk.offset(p), where);
            for (int d = 0; d < StridedArgs.MAX_RANK; d++) {
                assertEquals(d < l.rank() ? l.size(d) : 0, StridedWalk.size(p, d), where);
                assertEquals(d < l.rank() ? l.intStride(d) : 0, StridedWalk.stride(p, d), where);
            }
            for (int i = 0; i < l.intNumel(); i++) assertEquals(l.intIndexOf(i), StridedWalk.position(p, i, p), where);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> StridedArgs.exact(Layout.contiguous(new int[9])));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
    }

    private static int nonUnitDims(int[] shape) {
        int n = 0;
        for (int s : shape) if (s != 1) n++;
        return n;
    }
}
