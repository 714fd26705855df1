package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Dense reductions ({@link DenseReduce}, with the kernels {@link Simd} chose and with {@link ScalarReductionRows})
 * against the strided path, on shapes that reduce the contiguous dim, keep it, cut one output into several pieces,
 * cut a long column reduction into chunks, span more than one block of columns, and on offset and transposed
 * inputs. Sums and products agree to float64 rounding; MAX and MIN exactly, NaN included. Simd's rows and the scalar
 * rows agree bit for bit.
 */
class DenseReduceTest {
    private static final int[] LENGTHS = {1, 7, 8, 9, 4095, 4097, 100003};
    private static final List<ReduceOp> OPS = List.of(ReduceOp.SUM, ReduceOp.PROD, ReduceOp.MAX, ReduceOp.MIN);

    /** A reduction case: the input's shape, the reduced dims, and whether the input is stored transposed. */
    record Case(int[] shape, int[] dims, boolean transposed) {
        @Override
        public String toString() { return Arrays.toString(shape) + " dims " + Arrays.toString(dims) + (transposed ? " transposed" : ""); }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int n : LENGTHS) {
            cases.add(new Case(new int[] {n}, new int[] {0}, false));
            cases.add(new Case(new int[] {3, n}, new int[] {1}, false));
            cases.add(new Case(new int[] {3, n}, new int[] {0}, false));
            cases.add(new Case(new int[] {n, 3}, new int[] {0, 1}, true));
            cases.add(new Case(new int[] {n, 3}, new int[] {0}, true));    // strided inner dim: reduced dim moved last
            cases.add(new Case(new int[] {n, 3}, new int[] {1}, true));    // strided inner dim: reduced dim moved first
            cases.add(new Case(new int[] {2, n, 3}, new int[] {0, 2}, false));
            cases.add(new Case(new int[] {2, 3, n}, new int[] {0, 1}, false));
            cases.add(new Case(new int[] {2, 3, n}, new int[] {1}, false));
        }
        cases.add(new Case(new int[] {70001, 3}, new int[] {0}, false));      // chunks of rows
        cases.add(new Case(new int[] {5, 2500}, new int[] {0}, false));       // blocks of columns
        cases.add(new Case(new int[] {200003}, new int[] {0}, false));        // pieces of one output
        cases.add(new Case(new int[] {3, 70001}, new int[] {1}, false));      // pieces of several outputs
        cases.add(new Case(new int[] {4, 1, 5}, new int[] {1}, false));       // a size-1 dim
        return cases;
    }

    /** The input at offset 2 in its storage; transposed means stored as its transpose and viewed back. */
    private static Layout layout(Case c) {
        int[] shape = c.shape;
        if (!c.transposed) return new Layout(shape, Shape.contiguousStrides(shape), 2);
        return new Layout(shape, new int[] {1, shape[0]}, 2);
    }

    private static CpuStorage input(DType dtype, Case c, long seed, boolean withNaN) {
        int size = 2 + Arrays.stream(c.shape).reduce(1, (a, b) -> a * b) + 1;
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble(-2, 2);
        if (withNaN) v[size / 2] = Double.NaN;
        if (dtype == DType.FLOAT64) return CpuStorage.wrap(v);
        float[] f = new float[size];
        for (int i = 0; i < size; i++) f[i] = (float) v[i];
        return CpuStorage.wrap(f);
    }

    private static CpuStorage reduce(ReductionRows rows, ReduceOp op, CpuStorage x, Case c) {
        int outputs = 1;
        for (int d = 0; d < c.shape.length; d++) if (Arrays.binarySearch(c.dims, d) < 0) outputs *= c.shape[d];
        CpuStorage out = CpuStorage.allocate(x.dtype, outputs);
        CpuReduce.reduce(rows, op, x, layout(c), c.dims, out);
        return out;
    }

    @TestFactory
    List<DynamicTest> denseMatchesStrided() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ReduceOp op : OPS)
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64))
                for (Case c : cases())
                    for (boolean withNaN : op == ReduceOp.SUM || op == ReduceOp.PROD ? new boolean[] {false} : new boolean[] {false, true})
                        tests.add(dynamicTest(op + " " + dtype + " " + c + (withNaN ? " with NaN" : ""), () -> {
                            CpuStorage x = input(dtype, c, c.shape.length * 31L + c.shape[0], withNaN);
                            if (op == ReduceOp.PROD) x = nearOne(x);
                            double[] strided = doubles(reduce(null, op, x, c));
                            double[] simd = doubles(reduce(Simd.REDUCTION_ROWS, op, x, c));
                            double[] scalar = doubles(reduce(new ScalarReductionRows(), op, x, c));
                            double[] scale = op == ReduceOp.PROD ? productScale(strided, (int) x.size())
                                    : doubles(reduce(null, ReduceOp.SUM, absolute(x), c));
                            assertClose(op, dtype, strided, simd, scale, "dense (Simd's rows)");
                            assertClose(op, dtype, strided, scalar, scale, "dense (scalar rows)");
                            assertArrayEquals(scalar, simd, "Simd's rows against the scalar rows");
                        }));
        return tests;
    }

    @Test
    void scalarRowsWhenSimdIsOff() {
        if (Boolean.parseBoolean(System.getProperty("ember.simd", "true"))) return;
        assertTrue(Simd.REDUCTION_ROWS instanceof ScalarReductionRows, "scalar reduction rows with -Dember.simd=false");
    }

    /** A float32 sum of many values keeps float64's error: 2^22 copies of 0.1f sum to their exact total. */
    @Test
    void float32SumCarriesFloat64Error() {
        int n = 1 << 22;
        float[] x = new float[n];
        Arrays.fill(x, 0.1f);
        CpuStorage out = CpuStorage.allocate(DType.FLOAT32, 1);
        CpuReduce.reduce(ReduceOp.SUM, CpuStorage.wrap(x), Layout.contiguous(n), new int[] {0}, out);
        float exact = (float) ((double) 0.1f * n);
        assertEquals(exact, ((float[]) out.array)[0], "float32 sum of " + n + " values");
    }

    /**
     * ARGMAX and ARGMIN over contiguous rows ({@link CpuReduce}'s arg rows) and into contiguous outputs (its arg
     * columns) give the strided path's positions: the first extreme on ties (the values are coarse, so there are
     * many, and -0 ties +0), the first of several NaNs; the same on transposed inputs.
     */
    @TestFactory
    List<DynamicTest> argRowsMatchStrided() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        for (int n : LENGTHS) {
            cases.add(new Case(new int[] {n}, new int[] {0}, false));
            cases.add(new Case(new int[] {3, n}, new int[] {1}, false));
            cases.add(new Case(new int[] {n, 3}, new int[] {0}, true));
            cases.add(new Case(new int[] {2, 3, n}, new int[] {2}, false));
            cases.add(new Case(new int[] {3, n}, new int[] {0}, false));      // arg columns
            cases.add(new Case(new int[] {n, 3}, new int[] {0}, false));
            cases.add(new Case(new int[] {n, 3}, new int[] {1}, true));
            cases.add(new Case(new int[] {2, n, 3}, new int[] {1}, false));
        }
        cases.add(new Case(new int[] {5, 2500}, new int[] {0}, false));       // blocks of columns
        for (ReduceOp op : List.of(ReduceOp.ARGMAX, ReduceOp.ARGMIN))
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64))
                for (Case c : cases)
                    for (boolean withNaN : new boolean[] {false, true})
                        tests.add(dynamicTest(op + " " + dtype + " " + c + (withNaN ? " with NaN" : ""), () -> {
                            CpuStorage x = input(dtype, c, c.shape.length * 17L + c.shape[0], withNaN);
                            if (withNaN) {   // more NaNs after the first, in its row and in its column
                                int size = (int) x.size(), last = c.shape[c.shape.length - 1];
                                for (int at : new int[] {size / 2 + 1, size / 2 + last, size / 2 + 2 * last})
                                    if (at < size) RowIO.store(Double.NaN, x, at);
                            }
                            if (x.array instanceof float[] f) {
                                for (int i = 0; i < f.length; i++) f[i] = Float.isNaN(f[i]) ? f[i] : Math.round(f[i] * 2) / 2f;
                                f[3] = -0f;
                            } else {
                                double[] d = (double[]) x.array;
                                for (int i = 0; i < d.length; i++) d[i] = Double.isNaN(d[i]) ? d[i] : Math.round(d[i] * 2) / 2.0;
                                d[3] = -0.0;
                            }
                            int outputs = 1;
                            for (int d = 0; d < c.shape.length; d++) if (Arrays.binarySearch(c.dims, d) < 0) outputs *= c.shape[d];
                            CpuStorage dense = CpuStorage.allocate(DType.INT64, outputs), strided = CpuStorage.allocate(DType.INT64, outputs);
                            CpuReduce.reduce(Simd.REDUCTION_ROWS, op, x, layout(c), c.dims, dense);
                            CpuReduce.reduce(null, op, x, layout(c), c.dims, strided);
                            assertArrayEquals((long[]) strided.array, (long[]) dense.array, op + " " + c);
                        }));
        return tests;
    }

    /**
     * Simd's float32 and float64 row sums give the scalar order's bits before any rounding to the output dtype, at
     * every start (alignment) and length around the vector and block sizes; the values span 2^-30 to 2^30, so
     * another order of the adds gives other bits (checked: a left-to-right sum differs on 98 of the 220 rows; the
     * short ones are exact in any order).
     */
    @Test
    void simdRowSumsAreTheScalarOrderBitForBit() {
        SplittableRandom r = new SplittableRandom(19);
        int size = DenseReduce.PIECE + 64;
        float[] f = new float[size];
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = Math.scalb(r.nextDouble(-1, 1), r.nextInt(-30, 31));
            f[i] = (float) d[i];
        }
        ReductionRows scalar = new ScalarReductionRows();
        int rows = 0, otherOrderDiffers = 0;
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 100, 4097, DenseReduce.PIECE})
            for (int start = 0; start < 20 && start + n <= size; start++) {
                double expected = scalar.reduce(ReduceOp.SUM, f, start, n);
                assertEquals(expected, Simd.REDUCTION_ROWS.reduce(ReduceOp.SUM, f, start, n), "float32 sum of " + n + " at " + start);
                assertEquals(scalar.reduce(ReduceOp.SUM, d, start, n), Simd.REDUCTION_ROWS.reduce(ReduceOp.SUM, d, start, n),
                        "float64 sum of " + n + " at " + start);
                double leftToRight = 0;
                for (int i = start; i < start + n; i++) leftToRight += f[i];
                rows++;
                if (leftToRight != expected) otherOrderDiffers++;
            }
        assertTrue(otherOrderDiffers > rows / 4, "the values should make the order visible: " + otherOrderDiffers + " of " + rows);
    }

    /** Results do not depend on how many threads there are: pieces have fixed sizes and combine in order. */
    @Test
    void sumIsTheSameEveryRun() {
        Case c = new Case(new int[] {1 << 20}, new int[] {0}, false);
        CpuStorage x = input(DType.FLOAT32, c, 7, false);
        double first = doubles(reduce(Simd.REDUCTION_ROWS, ReduceOp.SUM, x, c))[0];
        for (int i = 0; i < 5; i++) assertEquals(first, doubles(reduce(Simd.REDUCTION_ROWS, ReduceOp.SUM, x, c))[0]);
    }

    private static void assertClose(ReduceOp op, DType dtype, double[] expected, double[] actual, double[] scale, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                assertTrue(Double.isNaN(e) && Double.isNaN(a), what + " " + op + " at " + i + ": " + a + " vs strided " + e);
                continue;
            }
            if (op == ReduceOp.PROD) {   // each of n multiplications rounds once in float64, on either side
                double tol = 2 * 0x1p-52 * scale[i] + (dtype == DType.FLOAT32 ? Math.ulp((float) e) : 0);
                if (Math.abs(a - e) > tol) fail(what + " product at " + i + ": " + a + " vs strided " + e + " (tolerance " + tol + ")");
                continue;
            }
            if (op != ReduceOp.SUM) {
                if (a != e) fail(what + " " + op + " at " + i + ": " + a + " vs strided " + e);
                continue;
            }
            // float64 rounding of the sum, then one rounding to the output type
            double tol = 1e-13 * scale[i] + (dtype == DType.FLOAT32 ? Math.ulp((float) e) : 0);
            if (Math.abs(a - e) > tol) fail(what + " sum at " + i + ": " + a + " vs strided " + e + " (tolerance " + tol + ")");
        }
    }

    /** Values of magnitude within 1% of 1, signs kept, so that products of 10^5 of them neither vanish nor overflow. */
    private static CpuStorage nearOne(CpuStorage x) {
        double[] v = doubles(x);
        for (int i = 0; i < v.length; i++) v[i] = Math.signum(v[i]) * (1 + v[i] * 0.005);
        if (x.dtype == DType.FLOAT64) return CpuStorage.wrap(v);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return CpuStorage.wrap(f);
    }

    /** A bound on the relative rounding of products: |product| times the factors, at most every stored element. */
    private static double[] productScale(double[] products, int factors) {
        double[] scale = new double[products.length];
        for (int i = 0; i < scale.length; i++) scale[i] = Math.abs(products[i]) * factors;
        return scale;
    }

    private static CpuStorage absolute(CpuStorage x) {
        double[] v = doubles(x);
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
        return CpuStorage.wrap(v);
    }

    private static double[] doubles(CpuStorage s) {
        double[] out = new double[(int) s.size()];
        RowIO.load(s, 0, 1, out.length, out);
        return out;
    }
}
