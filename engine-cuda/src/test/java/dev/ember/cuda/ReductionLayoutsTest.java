package dev.ember.cuda;

import dev.ember.backend.Layout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the reduce kernels do with {@link ReductionLayouts}, emulated: output {@code o} starts at {@code outer}'s
 * position of {@code o} and its reduced elements are {@code inner}'s positions 0, 1, ... added to that. The storage
 * indices each output visits, in order (ARGMAX reports a position in that order), must be those of a direct
 * computation from the layout: output {@code o} row-major over the kept dims, its elements row-major over the
 * reduced dims.
 */
class ReductionLayoutsTest {

    @Test
    void everyOutputVisitsItsElementsInRowMajorOrder() {
        RandomLayouts layouts = new RandomLayouts(31337);
        int merged = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int rank = layouts.random.nextInt(7);
            Layout x = layouts.of(layouts.shape(rank, 5));
            int[] dims = sortedSubset(layouts, rank);

            ReductionLayouts r = ReductionLayouts.of(x, dims);

            String where = x + " reduced over " + Arrays.toString(dims);
            assertEquals(product(x.shape(), dims, false), r.outputs(), where);
            assertEquals(product(x.shape(), dims, true), r.perOutput(), where);
            assertEquals(r.outputs(), StridedWalk.numel(r.outer()), where);
            assertEquals(r.perOutput(), StridedWalk.numel(r.inner()), where);
            for (int o = 0; o < r.outputs(); o++) {
                assertArrayEquals(direct(x, dims, o), emulated(r, o), "output " + o + " of " + where);
            }
            if (StridedWalk.rank(r.outer()) + StridedWalk.rank(r.inner()) < nonUnitDims(x.shape())) merged++;
        }
        assertTrue(merged > 200, "only " + merged + " cases merged dims: the check would not see a wrong merge");
    }

    @Test
    void reducingNothingOrEverythingLeavesOneSideARankZeroScalar() {
        Layout x = new Layout(new int[] {2, 3}, new int[] {1, 2}, 5);

        ReductionLayouts none = ReductionLayouts.of(x, new int[0]);
        ReductionLayouts all = ReductionLayouts.of(x, new int[] {0, 1});

        assertEquals(6, none.outputs());
        assertEquals(1, none.perOutput());
        assertEquals(0, StridedWalk.rank(none.inner()));
        assertEquals(1, all.outputs());
        assertEquals(6, all.perOutput());
        assertEquals(0, StridedWalk.rank(all.outer()));
        assertEquals(5, StridedWalk.offset(all.outer()));
        assertArrayEquals(new long[] {5, 7, 9, 6, 8, 10}, emulated(all, 0));
    }

    /** The reduce kernel's walk (reduce_ops.cuh: kept_position + reduced_position) for output {@code o}. */
    private static long[] emulated(ReductionLayouts r, int o) {
        long base = StridedWalk.position(r.outer(), o, r.outer());
        long[] visited = new long[r.perOutput()];
        for (int j = 0; j < r.perOutput(); j++) visited[j] = base + StridedWalk.position(r.inner(), j, r.inner());
        return visited;
    }

    /** The storage indices of output {@code o}'s elements, straight from the layout. */
    private static long[] direct(Layout x, int[] dims, int o) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int d : dims) reduced[d] = true;
        int[] at = new int[rank];
        int rest = o;
        for (int d = rank - 1; d >= 0; d--) {
            if (reduced[d]) continue;
            at[d] = rest % x.size(d);
            rest /= x.size(d);
        }
        long[] visited = new long[product(x.shape(), dims, true)];
        for (int j = 0; j < visited.length; j++) {
            int left = j;
            for (int d = rank - 1; d >= 0; d--) {
                if (!reduced[d]) continue;
                at[d] = left % x.size(d);
                left /= x.size(d);
            }
            long p = x.offset();
            for (int d = 0; d < rank; d++) p += (long) at[d] * x.stride(d);
            visited[j] = p;
        }
        return visited;
    }

    /** The product of the sizes of the reduced dims ({@code ofReduced}) or of the kept ones; 1 for none. */
    private static int product(int[] shape, int[] dims, boolean ofReduced) {
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) reduced[d] = true;
        int n = 1;
        for (int d = 0; d < shape.length; d++) if (reduced[d] == ofReduced) n *= shape[d];
        return n;
    }

    private static int nonUnitDims(int[] shape) {
        return (int) Arrays.stream(shape).filter(s -> s != 1).count();
    }

    private static int[] sortedSubset(RandomLayouts layouts, int rank) {
        return IntStream.range(0, rank).filter(d -> layouts.random.nextBoolean()).toArray();
    }
}
