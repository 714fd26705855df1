package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.ember.DType;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Layout;
import dev.ember.backend.UnaryOp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The dense elementwise path (SIMD kernels straight on the arrays) against the strided path (per-thread buffers,
 * {@link ScalarMath} in double), on rows of awkward lengths around the vector width and the 4096 block, with
 * offsets, rows broadcast along the other dim, and single elements broadcast along the row. Boundary values (NaN,
 * infinities, signed zeros, subnormals) are mixed in. Every unary op and addcmul match bit for bit (the strided
 * path computes float32 with the SIMD kernels' float32 formulas); POW, which has no dense kernel, within a few
 * ulps. The surefire configuration runs this class a second time with {@code -Dember.simd=false}, where the dense
 * kernels are absent and both sides take the strided path.
 */
class DenseElementwiseTest {
    private static final int[] LENGTHS = {1, 7, 8, 9, 4095, 4097, 100003};
    private static final int ROWS = 2;
    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        1e-40, -3e-39, 88.5, -104, 1e30};

    /** Every unary op: the transcendental ones too, since both paths run the same deterministic formulas. */
    private static final EnumSet<UnaryOp> EXACT_UNARY = EnumSet.allOf(UnaryOp.class);
    private static final EnumSet<BinaryOp> EXACT_BINARY = EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL,
            BinaryOp.DIV, BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT,
            BinaryOp.GE);

    /**
     * How an operand of shape {@code [ROWS, n]} sits in its storage: packed at an offset, one row repeated for every
     * row (stride 0 outside), one element per row repeated along it (stride 0 inside), or one element for all.
     */
    enum Form {
        PACKED, ROW, COLUMN, SCALAR;

        Layout layout(int n) {
            return switch (this) {
                case PACKED -> new Layout(new int[] {ROWS, n}, new int[] {n, 1}, 3);
                case ROW -> new Layout(new int[] {ROWS, n}, new int[] {0, 1}, 1);
                case COLUMN -> new Layout(new int[] {ROWS, n}, new int[] {1, 0}, 2);
                case SCALAR -> new Layout(new int[] {ROWS, n}, new int[] {0, 0}, 2);
            };
        }

        int storageSize(int n) { return this == PACKED ? 3 + ROWS * n + 2 : this == ROW ? 1 + n + 2 : 2 + ROWS + 2; }
    }

    private static CpuStorage values(DType dtype, int size, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = i % 37 == 5 ? SPECIAL[(i / 37) % SPECIAL.length] : r.nextDouble(lo, hi);
        return storage(dtype, v);
    }

    private static CpuStorage storage(DType dtype, double[] v) {
        if (dtype == DType.FLOAT64) return CpuStorage.wrap(v);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return CpuStorage.wrap(f);
    }

    private static CpuStorage conditions(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] c = new boolean[size];
        for (int i = 0; i < size; i++) c[i] = r.nextBoolean();
        return CpuStorage.wrap(c);
    }

    /** The output: {@code [ROWS, n]} packed at offset 1, so a wrong start shows up. */
    private static final Function<Integer, Layout> OUT = n -> new Layout(new int[] {ROWS, n}, new int[] {n, 1}, 1);

    private static CpuStorage output(DType dtype, int n) { return CpuStorage.allocate(dtype, 1 + ROWS * n); }

    @Test
    void noDenseKernelsWhenSimdIsOff() {
        if (Boolean.parseBoolean(System.getProperty("ember.simd", "true"))) return;
        assertNull(Simd.ELEMENTWISE_ROWS, "no dense elementwise kernels with -Dember.simd=false");
    }

    @TestFactory
    List<DynamicTest> unary() {
        List<DynamicTest> tests = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            if (op == UnaryOp.LOGICAL_NOT) continue;
            for (DType dtype : FLOATS)
                for (int n : LENGTHS)
                    for (Form form : Form.values())
                        tests.add(dynamicTest(op + " " + dtype + " n=" + n + " " + form, () -> {
                            CpuStorage x = values(dtype, form.storageSize(n), n + op.ordinal(), -6, 6);
                            double param = op == UnaryOp.ELU ? 1.3 : 0.1;
                            CpuStorage dense = output(dtype, n);
                            CpuStorage strided = output(dtype, n);
                            CpuElementwise.unary(op, param, x, form.layout(n), dense, OUT.apply(n));
                            CpuElementwise.unary(null, op, param, x, form.layout(n), strided, OUT.apply(n));
                            assertSame(op.toString(), strided, dense, EXACT_UNARY.contains(op), dtype);
                        }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> binary() {
        List<DynamicTest> tests = new ArrayList<>();
        Form[][] pairs = {{Form.PACKED, Form.PACKED}, {Form.PACKED, Form.SCALAR}, {Form.SCALAR, Form.PACKED},
            {Form.ROW, Form.COLUMN}, {Form.COLUMN, Form.PACKED}, {Form.SCALAR, Form.SCALAR}};
        for (BinaryOp op : List.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
                BinaryOp.MINIMUM, BinaryOp.POW, BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE))
            for (DType dtype : FLOATS)
                for (int n : LENGTHS)
                    for (Form[] pair : pairs)
                        tests.add(dynamicTest(op + " " + dtype + " n=" + n + " " + pair[0] + " " + pair[1], () -> {
                            CpuStorage a = values(dtype, pair[0].storageSize(n), n, -3, 3);
                            CpuStorage b = values(dtype, pair[1].storageSize(n), n + 1, -3, 3);
                            DType outType = op.returnsBool() ? DType.BOOL : dtype;
                            CpuStorage dense = output(outType, n);
                            CpuStorage strided = output(outType, n);
                            CpuElementwise.binary(op, a, pair[0].layout(n), b, pair[1].layout(n), dense, OUT.apply(n));
                            CpuElementwise.binary(null, op, a, pair[0].layout(n), b, pair[1].layout(n), strided, OUT.apply(n));
                            assertSame(op.toString(), strided, dense, EXACT_BINARY.contains(op), dtype);
                        }));
        return tests;
    }

    /** {@code x ** 2} (an exponent of 2 repeated everywhere) takes the dense product and keeps pow's bits. */
    @TestFactory
    List<DynamicTest> powOfTwo() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : FLOATS)
            for (int n : LENGTHS)
                for (Form form : List.of(Form.PACKED, Form.COLUMN))
                    tests.add(dynamicTest("pow 2 " + dtype + " n=" + n + " " + form, () -> {
                        CpuStorage x = values(dtype, form.storageSize(n), n, -1e20, 1e20);
                        CpuStorage two = storage(dtype, new double[] {0, 0, 2.0});
                        Layout everywhere = new Layout(new int[] {ROWS, n}, new int[] {0, 0}, 2);
                        CpuStorage dense = output(dtype, n), strided = output(dtype, n);
                        CpuElementwise.binary(BinaryOp.POW, x, form.layout(n), two, everywhere, dense, OUT.apply(n));
                        CpuElementwise.binary(null, BinaryOp.POW, x, form.layout(n), two, everywhere, strided, OUT.apply(n));
                        assertSame("pow 2", strided, dense, true, dtype);
                    }));
        return tests;
    }

    /**
     * What the product shortcut for {@code x ** 2} rests on: {@code StrictMath.pow(x, 2.0)} has the bits of
     * {@code x * x} for every double (NaN payloads too), and rounded to float32 those of the float32 product.
     */
    @Test
    void powOfTwoIsTheProductBitForBit() {
        SplittableRandom r = new SplittableRandom(19);
        for (int i = 0; i < 1_000_000; i++) {
            double x = i < SPECIAL.length ? SPECIAL[i] : Double.longBitsToDouble(r.nextLong());
            assertEquals(Double.doubleToRawLongBits(x * x), Double.doubleToRawLongBits(PowMath.pow(x, 2.0)), "pow(" + x + ", 2)");
            float f = i < SPECIAL.length ? (float) SPECIAL[i] : Float.intBitsToFloat(r.nextInt());
            assertEquals(Float.floatToRawIntBits(f * f), Float.floatToRawIntBits((float) PowMath.pow(f, 2.0)), "pow(" + f + "f, 2)");
        }
    }

    @TestFactory
    List<DynamicTest> where() {
        List<DynamicTest> tests = new ArrayList<>();
        Form[][] triples = {{Form.PACKED, Form.PACKED, Form.PACKED}, {Form.PACKED, Form.SCALAR, Form.PACKED},
            {Form.COLUMN, Form.PACKED, Form.SCALAR}, {Form.SCALAR, Form.ROW, Form.COLUMN}};
        for (DType dtype : FLOATS)
            for (int n : LENGTHS)
                for (Form[] f : triples)
                    tests.add(dynamicTest("where " + dtype + " n=" + n + " " + f[0] + " " + f[1] + " " + f[2], () -> {
                        CpuStorage c = conditions(f[0].storageSize(n), n);
                        CpuStorage a = values(dtype, f[1].storageSize(n), n + 1, -3, 3);
                        CpuStorage b = values(dtype, f[2].storageSize(n), n + 2, -3, 3);
                        CpuStorage dense = output(dtype, n);
                        CpuStorage strided = output(dtype, n);
                        CpuElementwise.where(c, f[0].layout(n), a, f[1].layout(n), b, f[2].layout(n), dense, OUT.apply(n));
                        CpuElementwise.where(null, c, f[0].layout(n), a, f[1].layout(n), b, f[2].layout(n), strided, OUT.apply(n));
                        assertSame("where", strided, dense, true, dtype);
                    }));
        return tests;
    }

    @TestFactory
    List<DynamicTest> addcmul() {
        List<DynamicTest> tests = new ArrayList<>();
        Form[][] triples = {{Form.PACKED, Form.PACKED, Form.PACKED}, {Form.ROW, Form.PACKED, Form.SCALAR},
            {Form.SCALAR, Form.COLUMN, Form.PACKED}, {Form.PACKED, Form.SCALAR, Form.ROW}};
        for (DType dtype : FLOATS)
            for (int n : LENGTHS)
                for (Form[] f : triples)
                    tests.add(dynamicTest("addcmul " + dtype + " n=" + n + " " + f[0] + " " + f[1] + " " + f[2], () -> {
                        CpuStorage x = values(dtype, f[0].storageSize(n), n, -3, 3);
                        CpuStorage t1 = values(dtype, f[1].storageSize(n), n + 1, -3, 3);
                        CpuStorage t2 = values(dtype, f[2].storageSize(n), n + 2, -3, 3);
                        CpuStorage dense = output(dtype, n);
                        CpuStorage strided = output(dtype, n);
                        CpuElementwise.addcmul(x, f[0].layout(n), t1, f[1].layout(n), t2, f[2].layout(n), -0.75, dense, OUT.apply(n));
                        CpuElementwise.addcmul(null, x, f[0].layout(n), t1, f[1].layout(n), t2, f[2].layout(n), -0.75,
                                strided, OUT.apply(n));
                        assertSame("addcmul", strided, dense, true, dtype);
                    }));
        return tests;
    }

    /**
     * Casts between bool, int32, int64, float32 and float64 on strided and contiguous runs give the bits of a load
     * into the double (or long) buffer and a store from it, the path they took before their one-pass loops.
     */
    @Test
    void castsMatchTheBufferedPath() {
        List<DType> types = List.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64);
        double[] v = {0, -0.0, 1, -1, 2.5, -2.7, 3e9, -3e9, 1e19, -1e19, (double) ((1L << 60) + (1L << 36)), Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 16777217, 0.3};
        int n = v.length;
        for (DType from : types)
            for (DType to : types) {
                if (from == to) continue;
                CpuStorage src = CpuStorage.allocate(from, 2 * n + 1);
                for (int i = 0; i < n; i++) {
                    // as int64, 2^60 + 2^36 + 1: float32 straight from the long would round up, through double it rounds down
                    if (from == DType.INT64) RowIO.store(new long[] {(long) v[i] + (i == 10 ? 1 : 0)}, 1, src, 1 + 2 * i, 1);
                    else RowIO.store(new double[] {v[i]}, 1, src, 1 + 2 * i, 1);
                }
                Layout stepped = new Layout(new int[] {n}, new int[] {2}, 1);
                for (Layout dl : List.of(Layout.contiguous(n), new Layout(new int[] {n}, new int[] {-1}, n - 1))) {
                    CpuStorage got = CpuStorage.allocate(to, n), want = CpuStorage.allocate(to, n);
                    CpuElementwise.copy(src, stepped, got, dl);
                    for (int i = 0; i < n; i++) {
                        int at = dl.intOffset() + i * dl.intStride(0);
                        if (from.isFloating() || to.isFloating()) {
                            double[] d = new double[1];
                            RowIO.load(src, 1 + 2 * i, 1, 1, d);
                            RowIO.store(d, 1, want, at, 1);
                        } else {
                            long[] l = new long[1];
                            RowIO.load(src, 1 + 2 * i, 1, 1, l);
                            RowIO.store(l, 1, want, at, 1);
                        }
                    }
                    double[] g = new double[n], w = new double[n];
                    RowIO.load(got, 0, 1, n, g);
                    RowIO.load(want, 0, 1, n, w);
                    for (int i = 0; i < n; i++) {
                        assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]), from + " to " + to + " at " + i + ": " + g[i] + " vs " + w[i]);
                    }
                }
            }
    }

    @Test
    void fillAndCopyBetweenFloatTypes() {
        for (int n : LENGTHS) {
            Layout stepped = new Layout(new int[] {n}, new int[] {2}, 1);
            CpuStorage d = values(DType.FLOAT64, 2 * n + 1, n, -3, 3);
            CpuStorage f = CpuStorage.allocate(DType.FLOAT32, n);
            CpuElementwise.copy(d, stepped, f, Layout.contiguous(n));
            double[] da = (double[]) d.array;
            float[] fa = (float[]) f.array;
            for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits((float) da[1 + 2 * i]), Float.floatToIntBits(fa[i]), "copy at " + i);
            CpuStorage back = CpuStorage.allocate(DType.FLOAT64, 2 * n + 1);
            CpuElementwise.copy(f, Layout.contiguous(n), back, stepped);
            for (int i = 0; i < n; i++) assertEquals((double) fa[i], ((double[]) back.array)[1 + 2 * i], "copy back at " + i);
            CpuElementwise.fill(back, stepped, 2.5);
            for (int i = 0; i < 2 * n + 1; i++) {
                assertEquals(i % 2 == 1 ? 2.5 : 0.0, ((double[]) back.array)[i], "fill at " + i);
            }
        }
    }

    /** Bit for bit when {@code exact}, else within a few ulps (or an absolute floor near zero). */
    private static void assertSame(String what, CpuStorage expected, CpuStorage actual, boolean exact, DType dtype) {
        double[] e = doubles(expected);
        double[] a = doubles(actual);
        double rtol = dtype == DType.FLOAT32 ? 1e-6 : 1e-14;
        double atol = dtype == DType.FLOAT32 ? 1e-6 : 1e-14;
        for (int i = 0; i < e.length; i++) {
            if (Double.compare(e[i], a[i]) == 0) continue;
            boolean close = !exact && !Double.isNaN(e[i]) && Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]);
            if (!close) fail(what + " at " + i + ": dense " + a[i] + ", strided " + e[i]);
        }
    }

    private static double[] doubles(CpuStorage s) {
        double[] out = new double[(int) s.size()];
        RowIO.load(s, 0, 1, out.length, out);
        return out;
    }
}
