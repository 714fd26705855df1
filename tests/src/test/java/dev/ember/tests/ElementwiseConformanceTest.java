package dev.ember.tests;

import dev.ember.tests.Conformance.Unary;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Every elementwise op: forward against java.lang.Math in float64, gradient against finite differences. */
class ElementwiseConformanceTest {


    static final List<Unary> UNARY = List.of(
            new Unary("neg", Tensor::neg, x -> -x, -3, 3),
            new Unary("exp", Tensor::exp, Math::exp, -3, 3),
            new Unary("log", Tensor::log, Math::log, 0.1, 5),
            new Unary("log1p", Tensor::log1p, Math::log1p, -0.5, 3),
            new Unary("sqrt", Tensor::sqrt, Math::sqrt, 0.1, 5),
            new Unary("rsqrt", Tensor::rsqrt, x -> 1 / Math.sqrt(x), 0.1, 5),
            new Unary("abs", Tensor::abs, Math::abs, -3, 3),
            new Unary("sign", Tensor::sign, Math::signum, -3, 3),
            new Unary("sin", Tensor::sin, Math::sin, -4, 4),
            new Unary("cos", Tensor::cos, Math::cos, -4, 4),
            new Unary("tanh", Tensor::tanh, Math::tanh, -3, 3),
            new Unary("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), -6, 6),
            new Unary("relu", Tensor::relu, x -> Math.max(x, 0), -3, 3),
            new Unary("leakyRelu", x -> x.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x, -3, 3),
            new Unary("elu", x -> x.elu(1.3), x -> x > 0 ? x : 1.3 * (Math.exp(x) - 1), -3, 3),
            new Unary("step", Tensor::step, x -> x > 0 ? 1 : 0, -3, 3),
            new Unary("softplus", Tensor::softplus, x -> Math.log1p(Math.exp(x)), -10, 10),
            new Unary("clamp", x -> x.clamp(-0.5, 0.7), x -> Math.min(Math.max(x, -0.5), 0.7), -2, 2),
            new Unary("pow2", x -> x.pow(2.0), x -> x * x, -3, 3),
            new Unary("addScalar", x -> x.add(1.5), x -> x + 1.5, -3, 3),
            new Unary("rsub", x -> x.rsub(1.5), x -> 1.5 - x, -3, 3),
            new Unary("divScalar", x -> x.div(4.0), x -> x / 4, -3, 3));

    @TestFactory
    List<DynamicTest> unaryForward() {
        return Conformance.unaryForward(UNARY, 31L, false);
    }

    @TestFactory
    List<DynamicTest> unaryGradients() {
        return Conformance.unaryGradients(UNARY, 0);
    }

    @TestFactory
    List<DynamicTest> secondOrderGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Unary u : UNARY) {
            if (u.name().equals("clamp") || u.name().equals("relu") || u.name().equals("step") || u.name().equals("sign")) continue;
            tests.add(dynamicTest(u.name() + " second order", () -> {
                Tensor x = Tensor.of(values(5, 6, u.lo(), u.hi()), 2, 3);
                var r = dev.ember.GradCheck.checkSecondOrder(in -> u.op().apply(in[0]), x);
                org.junit.jupiter.api.Assertions.assertTrue(r.passed(), u.name() + ": " + r);
            }));
        }
        return tests;
    }

    record Binary(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref,
                  double lo, double hi, double blo, double bhi) {}

    static final List<Binary> BINARY = List.of(
            new Binary("add", Tensor::add, Double::sum, -3, 3, -3, 3),
            new Binary("sub", Tensor::sub, (a, b) -> a - b, -3, 3, -3, 3),
            new Binary("mul", Tensor::mul, (a, b) -> a * b, -3, 3, -3, 3),
            new Binary("div", Tensor::div, (a, b) -> a / b, -3, 3, 0.5, 3),
            new Binary("pow", Tensor::pow, Math::pow, 0.5, 2, -2, 2),
            new Binary("maximum", Tensor::maximum, Math::max, -3, 3, -3, 3),
            new Binary("minimum", Tensor::minimum, Math::min, -3, 3, -3, 3),
            new Binary("where", (a, b) -> Tensor.where(a.gt(0.5), a, b), (a, b) -> a > 0.5 ? a : b, -3, 3, -3, 3));

    /** Broadcast pairs: equal, both stretched, with a 0-dim scalar, with fewer dims. */
    static List<int[][]> shapePairs(int n) {
        return List.of(
                new int[][] {{n}, {n}},
                new int[][] {{n, 1}, {1, 3}},
                new int[][] {{n, 3}, {}},
                new int[][] {{2, n, 3}, {n, 1}});
    }

    @TestFactory
    List<DynamicTest> binaryForward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Binary b : BINARY)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    for (int n : Conformance.AWKWARD_SIZES)
                        for (int[][] shapes : shapePairs(n)) {
                            int[] as = shapes[0], bs = shapes[1];
                            tests.add(dynamicTest(b.name + " " + dtype + " " + java.util.Arrays.toString(as) + " x "
                                    + java.util.Arrays.toString(bs) + " " + device, () -> {
                                Tensor x = Conformance.tensor(values(n, Conformance.numel(as), b.lo, b.hi), as, dtype, device,
                                        as.length > 1 ? Conformance.Layout.TRANSPOSED : Conformance.Layout.STEPPED);
                                Tensor y = Conformance.tensor(values(n + 1, Conformance.numel(bs), b.blo, b.bhi), bs, dtype, device,
                                        Conformance.Layout.CONTIGUOUS);
                                double[] expected = Reference.binary(x.toDoubleArray(), as, y.toDoubleArray(), bs, b.ref);
                                Tensor out = b.op.apply(x, y);
                                assertShape(Reference.broadcastShape(as, bs), out);
                                assertClose(b.name, expected, out);
                            }));
                        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> binaryGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Binary b : BINARY)
                for (int n : Conformance.GRAD_SIZES)
                    for (int[][] shapes : shapePairs(n))
                        tests.add(dynamicTest(b.name + " gradient " + java.util.Arrays.toString(shapes[0]) + " x "
                                + java.util.Arrays.toString(shapes[1]) + " " + device, () -> {
                            Tensor x = Tensor.of(values(n, Conformance.numel(shapes[0]), b.lo, b.hi), shapes[0]).to(device);
                            Tensor y = Tensor.of(values(n + 1, Conformance.numel(shapes[1]), b.blo, b.bhi), shapes[1]).to(device);
                            assertGradients(b.name, in -> b.op.apply(in[0], in[1]), x, y);
                        }));
        return tests;
    }

    /** Broadcast triples for addcmul (input, t1, t2): equal, stretched against each other, a 0-dim scalar, fewer dims. */
    static List<int[][]> shapeTriples(int n) {
        return List.of(
                new int[][] {{n}, {n}, {n}},
                new int[][] {{n, 3}, {}, {1, 3}},
                new int[][] {{n, 1}, {1, 3}, {n, 3}},
                new int[][] {{2, n, 3}, {n, 1}, {3}});
    }

    @TestFactory
    List<DynamicTest> addcmulForward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int n : Conformance.AWKWARD_SIZES)
                    for (int[][] s : shapeTriples(n)) {
                        tests.add(dynamicTest("addcmul " + dtype + " " + java.util.Arrays.deepToString(s) + " " + device, () -> {
                            // the input transposed or stepped, t1 packed, t2 stepped: every kind of row at once
                            Tensor x = Conformance.tensor(values(n, Conformance.numel(s[0]), -3, 3), s[0], dtype, device,
                                    s[0].length > 1 ? Conformance.Layout.TRANSPOSED : Conformance.Layout.STEPPED);
                            Tensor t1 = Conformance.tensor(values(n + 1, Conformance.numel(s[1]), -3, 3), s[1], dtype, device,
                                    Conformance.Layout.CONTIGUOUS);
                            Tensor t2 = Conformance.tensor(values(n + 2, Conformance.numel(s[2]), -3, 3), s[2], dtype, device,
                                    Conformance.Layout.STEPPED);
                            double[] expected = Reference.addcmul(x.toDoubleArray(), s[0], t1.toDoubleArray(), s[1],
                                    t2.toDoubleArray(), s[2], -0.75);
                            Tensor out = x.addcmul(t1, t2, -0.75);
                            assertShape(Reference.broadcastShape(Reference.broadcastShape(s[0], s[1]), s[2]), out);
                            assertEquals(dtype, out.dtype());
                            assertClose("addcmul", expected, out);
                        }));
                    }
        return tests;
    }

    @TestFactory
    List<DynamicTest> addcmulGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (int n : Conformance.GRAD_SIZES)
                for (int[][] s : shapeTriples(n))
                    tests.add(dynamicTest("addcmul gradient " + java.util.Arrays.deepToString(s) + " " + device, () -> {
                        Tensor x = Tensor.of(values(n, Conformance.numel(s[0]), -3, 3), s[0]).to(device);
                        Tensor t1 = Tensor.of(values(n + 1, Conformance.numel(s[1]), -3, 3), s[1]).to(device);
                        Tensor t2 = Tensor.of(values(n + 2, Conformance.numel(s[2]), -3, 3), s[2]).to(device);
                        assertGradients("addcmul", in -> in[0].addcmul(in[1], in[2], 0.7), x, t1, t2);
                    }));
        return tests;
    }

    @Test
    void addcmulSecondOrderAndTypes() {
        Tensor x = Tensor.of(values(3, 6, -2, 2), 2, 3);
        Tensor t1 = Tensor.of(values(4, 6, -2, 2), 2, 3);
        Tensor t2 = Tensor.of(values(5, 3, -2, 2), 3);
        var r = dev.ember.GradCheck.checkSecondOrder(in -> in[0].addcmul(in[1], in[2], 1.5), x, t1, t2);
        org.junit.jupiter.api.Assertions.assertTrue(r.passed(), "addcmul second order: " + r);

        Tensor i32 = Tensor.of(new int[] {1, 2, 3});
        assertEquals(DType.FLOAT32, i32.addcmul(i32, i32, 0.5).dtype());   // a double value makes integers float
        assertArrayEquals(new float[] {1.5f, 4f, 7.5f}, i32.addcmul(i32, i32, 0.5).toFloatArray());
        Tensor f32 = Tensor.of(new float[] {1, 2, 3});
        Tensor f64 = Tensor.of(new double[] {1, 2, 3});
        assertEquals(DType.FLOAT64, f32.addcmul(f64, f32, 1.0).dtype());
        assertArrayEquals(f32.addcmul(f32, f64, 2.0).toDoubleArray(), Tensor.addcmul(f32, f32, f64, 2.0).toDoubleArray());
    }

    @TestFactory
    List<DynamicTest> comparisonsAndLogic() {
        List<DynamicTest> tests = new ArrayList<>();
        record Cmp(String name, BiFunction<Tensor, Tensor, Tensor> op, java.util.function.BiPredicate<Double, Double> ref) {}
        List<Cmp> cmps = List.of(
                new Cmp("eq", Tensor::eq, Double::equals), new Cmp("ne", Tensor::ne, (a, b) -> !a.equals(b)),
                new Cmp("lt", Tensor::lt, (a, b) -> a < b), new Cmp("le", Tensor::le, (a, b) -> a <= b),
                new Cmp("gt", Tensor::gt, (a, b) -> a > b), new Cmp("ge", Tensor::ge, (a, b) -> a >= b),
                new Cmp("and", (a, b) -> a.ne(0.0).logicalAnd(b.ne(0.0)), (a, b) -> a != 0 && b != 0),
                new Cmp("or", (a, b) -> a.ne(0.0).logicalOr(b.ne(0.0)), (a, b) -> a != 0 || b != 0),
                new Cmp("xor", (a, b) -> a.ne(0.0).logicalXor(b.ne(0.0)), (a, b) -> (a != 0) != (b != 0)));
        for (Device device : Conformance.devices())
            for (Cmp c : cmps)
                for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64))
                    for (int n : Conformance.AWKWARD_SIZES)
                        tests.add(dynamicTest(c.name + " " + dtype + " n=" + n + " " + device, () -> {
                            // small integers, so ties and zeros occur
                            double[] a = values(n, n * 2, -2, 3);
                            double[] b = values(n + 7, 2, -2, 3);
                            for (int i = 0; i < a.length; i++) a[i] = Math.floor(a[i]);
                            for (int i = 0; i < b.length; i++) b[i] = Math.floor(b[i]);
                            Tensor x = Tensor.of(a, n, 2).to(dtype).to(device);
                            Tensor y = Tensor.of(b, 1, 2).to(dtype).to(device);
                            Tensor out = c.op.apply(x, y);
                            assertEquals(DType.BOOL, out.dtype());
                            boolean[] got = out.toBooleanArray();
                            for (int i = 0; i < got.length; i++) {
                                assertEquals(c.ref.test(a[i], b[i % 2]), got[i], c.name + " element " + i);
                            }
                        }));
        return tests;
    }

    @Test
    void logicalNot() {
        Tensor m = Tensor.of(new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {false, true, false}, m.logicalNot().toBooleanArray());
    }

    @Test
    void integerArithmeticIsExact() {
        for (DType dtype : List.of(DType.INT32, DType.INT64)) {
            long big = dtype == DType.INT64 ? (1L << 53) + 1 : 1 << 30;   // beyond float64's exact integers for int64
            Tensor a = Tensor.of(new long[] {big, -7, 3}).to(dtype);
            Tensor b = Tensor.of(new long[] {1, 2, -4}).to(dtype);
            assertEquals(dtype, a.add(b).dtype());
            assertArrayEquals(new long[] {big + 1, -5, -1}, a.add(b).toLongArray());
            assertArrayEquals(new long[] {big - 1, -9, 7}, a.sub(b).toLongArray());
            assertArrayEquals(new long[] {big, -14, -12}, a.mul(b).toLongArray());
            assertArrayEquals(new long[] {-big, 7, -3}, a.neg().toLongArray());
            assertArrayEquals(new long[] {big, 7, 3}, a.abs().toLongArray());
            assertArrayEquals(new long[] {big, 2, 3}, a.maximum(b).toLongArray());
            assertArrayEquals(new long[] {big + 2, -5, 5}, a.add(2L).toLongArray());
            assertEquals(dtype, a.add(2L).dtype());
        }
    }

    @Test
    void typePromotionFollowsTheWrittenRules() {
        Tensor i32 = Tensor.of(new int[] {1, 2});
        Tensor i64 = Tensor.of(new long[] {1, 2});
        Tensor f32 = Tensor.of(new float[] {1, 2});
        Tensor f64 = Tensor.of(new double[] {1, 2});
        Tensor bool = Tensor.of(new boolean[] {true, false});
        assertEquals(DType.INT64, i32.add(i64).dtype());
        assertEquals(DType.FLOAT32, i64.add(f32).dtype());
        assertEquals(DType.FLOAT64, f32.add(f64).dtype());
        assertEquals(DType.INT32, i32.add(bool).dtype());
        assertEquals(DType.INT32, i32.mul(3L).dtype());
        assertEquals(DType.FLOAT32, i32.mul(2.5).dtype());
        assertEquals(DType.FLOAT32, f32.mul(2.5).dtype());
        assertEquals(DType.FLOAT32, i32.div(i32).dtype());       // true division
        assertEquals(DType.FLOAT32, i64.exp().dtype());          // real-valued ops promote
        assertEquals(DType.INT64, bool.add(1L).dtype());
        assertArrayEquals(new float[] {0.5f, 1f}, i32.div(2.0).toFloatArray());
    }
}
