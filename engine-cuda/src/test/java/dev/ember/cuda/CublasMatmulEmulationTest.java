package dev.ember.cuda;

import dev.ember.backend.Layout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cuBLAS call {@link CublasMatmul} makes, run without a GPU: the arguments {@link GemmArguments} works out (and
 * the contiguous copies it asks for) go through {@link EmulatedCublas}, and the result must be the row-major batched
 * product {@code [B, M, K] x [B, K, N] -> [B, M, N]} computed straight from the engine's layouts. Values are small
 * integers, so both sums are exact and the comparison is too.
 */
class CublasMatmulEmulationTest {

    @Test
    void theEmulationIsCublasColumnMajorDefinition() {
        double[] a = {1, 4, 2, 5, 3, 6};                   // [[1, 2, 3], [4, 5, 6]], column-major, lda 2
        double[] aTransposedStored = {1, 2, 3, 4, 5, 6};   // its transpose stored column-major, lda 3
        double[] b = {1, 0, 1, 0, 1, 1, 2, 0, 2, 0, 2, 2}; // [[1, 0], [0, 1], [1, 1]], then twice that
        double[] c = new double[8];

        EmulatedCublas.gemmStridedBatched(false, false, 2, 2, 3, 1, a, 0, 2, 0, b, 0, 3, 6, 0, c, 0, 2, 4, 2);
        assertArrayEquals(new double[] {4, 10, 5, 11, 8, 20, 10, 22}, c);

        EmulatedCublas.gemmStridedBatched(true, false, 2, 2, 3, 1, aTransposedStored, 0, 3, 0, b, 0, 3, 6, 1, c, 0, 2,
                4, 2);
        assertArrayEquals(new double[] {8, 20, 10, 22, 16, 40, 20, 44}, c);

        assertThrows(IllegalArgumentException.class,
                () -> EmulatedCublas.gemmStridedBatched(true, false, 2, 2, 3, 1, a, 0, 2, 0, b, 0, 3, 6, 0, c, 0, 2, 4, 2));
    }

    @Test
    void namedLayoutsMatchTheRowMajorProduct() {
        Random random = new Random(5);
        int b = 3, m = 2, k = 4, n = 3;
        Layout contiguousA = Layout.contiguous(b, m, k);
        Layout contiguousB = Layout.contiguous(b, k, n);
        Layout transposedA = new Layout(new int[] {b, m, k}, new int[] {m * k, 1, m}, 0);
        Layout transposedB = new Layout(new int[] {b, k, n}, new int[] {k * n, 1, k}, 0);
        Layout broadcastA = new Layout(new int[] {b, m, k}, new int[] {0, k, 1}, 0);
        Layout singleB = Layout.contiguous(1, k, n);
        Layout slicedA = new Layout(new int[] {b, m, k}, new int[] {40, 9, 1}, 3);     // rows 9 apart, offset 3
        Layout stepB = new Layout(new int[] {b, k, n}, new int[] {50, 8, 2}, 1);       // every other column: copied
        Layout[][] cases = {
            {contiguousA, contiguousB}, {transposedA, transposedB}, {transposedA, contiguousB},
            {contiguousA, transposedB}, {broadcastA, singleB}, {slicedA, stepB}, {broadcastA, transposedB},
        };
        for (Layout[] pair : cases) {
            for (boolean accumulate : new boolean[] {false, true}) {
                check(random, pair[0], pair[1], b, m, n, k, 0, accumulate);
            }
        }
    }

    @Test
    void randomLayoutsMatchTheRowMajorProduct() {
        RandomLayouts layouts = new RandomLayouts(424242);
        Random random = layouts.random;
        Set<String> seen = new TreeSet<>();
        for (int trial = 0; trial < 2000; trial++) {
            int b = size(random), m = size(random), n = size(random), k = size(random);
            Layout al = operand(layouts, random.nextInt(4) == 0 ? 1 : b, m, k, b);
            Layout bl = operand(layouts, random.nextInt(4) == 0 ? 1 : b, k, n, b);
            int outOffset = random.nextInt(3) == 0 ? random.nextInt(5) : 0;
            boolean accumulate = random.nextBoolean();

            GemmArguments call = check(random, al, bl, b, m, n, k, outOffset, accumulate);

            for (GemmArguments.Input in : new GemmArguments.Input[] {call.first(), call.second()}) {
                seen.add(in.source() + (in.copied() ? " copied" : " in place") + (in.transposed() ? " T" : " N"));
                if (b > 1 && in.batchStride() == 0) seen.add(in.source() + " broadcast over the batch");
            }
            if (outOffset > 0) seen.add("out offset");
        }
        for (String s : new String[] {"A in place N", "A in place T", "A copied N", "B in place N", "B in place T",
                "B copied N", "A broadcast over the batch", "B broadcast over the batch", "out offset"}) {
            assertTrue(seen.contains(s), "no case with " + s + ", only " + seen);
        }
    }

    /**
     * Runs {@code a [B or 1, M, K] x b [B or 1, K, N]} through the emulated call into an {@code out} at
     * {@code outOffset} (NaN before unless accumulating, so a read of it shows) and compares every element of the
     * out storage with the reference; returns the call.
     */
    private static GemmArguments check(Random random, Layout al, Layout bl, int batch, int m, int n, int k,
                                       int outOffset, boolean accumulate) {
        double[] a = values(random, RandomLayouts.storageSize(al) + random.nextInt(3));
        double[] b = values(random, RandomLayouts.storageSize(bl) + random.nextInt(3));
        Layout ol = new Layout(new int[] {batch, m, n}, Layout.contiguous(batch, m, n).intStrides(), outOffset);
        double[] out = accumulate ? values(random, outOffset + ol.intNumel() + random.nextInt(3))
                : nans(outOffset + ol.intNumel() + random.nextInt(3));
        double[] expected = out.clone();
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) sum += a[at(al, p, i, l)] * b[at(bl, p, l, j)];
                    int o = outOffset + (p * m + i) * n + j;
                    expected[o] = accumulate ? expected[o] + sum : sum;
                }
            }
        }

        GemmArguments call = GemmArguments.of(al, bl, ol);
        double[] first = memory(call.first(), a, al, b, bl);
        double[] second = memory(call.second(), a, al, b, bl);
        EmulatedCublas.gemmStridedBatched(call.first().transposed(), call.second().transposed(),
                call.m(), call.n(), call.k(), 1.0,
                first, (int) call.first().offset(), call.first().ld(), call.first().batchStride(),
                second, (int) call.second().offset(), call.second().ld(), call.second().batchStride(),
                accumulate ? 1.0 : 0.0, out, (int) call.outOffset(), call.ldc(), call.strideC(), call.batch());

        assertArrayEquals(expected, out, () -> "a " + al + " x b " + bl + " into " + ol + (accumulate ? " (+=)" : "")
                + " with " + call);
        return call;
    }

    /** What the input reads: its operand's storage, or the contiguous copy CublasMatmul makes of it first. */
    private static double[] memory(GemmArguments.Input input, double[] a, Layout al, double[] b, Layout bl) {
        double[] storage = input.source() == GemmArguments.Source.A ? a : b;
        if (!input.copied()) return storage;
        Layout l = input.source() == GemmArguments.Source.A ? al : bl;
        double[] copy = new double[l.intNumel()];
        for (int i = 0; i < copy.length; i++) copy[i] = storage[l.intIndexOf(i)];
        return copy;
    }

    /** The storage index of {@code [p][row][col]}; a batch of one serves every {@code p}. */
    private static int at(Layout l, int p, int row, int col) {
        return l.intOffset() + (l.size(0) == 1 ? 0 : p) * l.intStride(0) + row * l.intStride(1) + col * l.intStride(2);
    }

    /** A {@code [batch, rows, cols]} operand of a random kind, broadcast over {@code fullBatch} now and then. */
    private static Layout operand(RandomLayouts layouts, int batch, int rows, int cols, int fullBatch) {
        int[] shape = {batch, rows, cols};
        Random random = layouts.random;
        Layout l = switch (random.nextInt(6)) {
            case 0 -> Layout.contiguous(shape);
            case 1 -> layouts.permuted(shape, new int[] {0, 2, 1});            // a transposed matrix: column-major
            case 2 -> layouts.sliced(shape);
            case 3 -> layouts.sliced(new int[] {batch, cols, rows}).permute(new int[] {0, 2, 1});
            default -> layouts.of(shape);
        };
        if (random.nextInt(4) == 0) l = new Layout(l.shape(), l.strides(), l.intOffset() + random.nextInt(6));
        if (batch == 1 && fullBatch > 1 && random.nextBoolean()) {   // expanded: the engine's broadcast batch
            l = new Layout(new int[] {fullBatch, rows, cols}, new int[] {0, l.intStride(1), l.intStride(2)}, l.intOffset());
        }
        return l;
    }

    /** 1 a third of the time, else 2 to 5. */
    private static int size(Random random) { return random.nextInt(3) == 0 ? 1 : 2 + random.nextInt(4); }

    private static double[] values(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextInt(7) - 3;
        return v;
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
