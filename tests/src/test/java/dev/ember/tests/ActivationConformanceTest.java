package dev.ember.tests;

import dev.ember.tests.Conformance.Unary;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The activations family of issue 15 (erf, erfc, gelu, silu, mish, hardtanh, relu6, hardsigmoid, hardswish,
 * softsign, selu, celu, glu, softmin, logsigmoid) on every device: values and gradients against PyTorch 1.13's
 * (activations.txt, from tests/src/test/python/activations.py) at the kinks, ±inf, NaN and signed zeros; values
 * against independent float64 loops at awkward sizes, strided and broadcast; gradients by GradCheck, second order
 * where the function is smooth; dtype rules and refusals.
 */
class ActivationConformanceTest {

    // ---- PyTorch's numbers ----

    record Case(String spec, DType dtype, int[] shape, double[] in, DType outType, int[] outShape, double[] out, double[] grad) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ActivationConformanceTest.class.getResourceAsStream("activations.txt")), StandardCharsets.UTF_8))) {
            String spec = null;
            DType dtype = null, outType = null;
            int[] shape = null, outShape = null;
            double[] in = null, out = null, grad = null;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    if (spec != null) cases.add(new Case(spec, dtype, shape, in, outType, outShape, out, grad));
                    spec = null;
                    grad = null;
                    continue;
                }
                String[] halves = line.split(" = ", 2);
                String[] head = halves[0].split(" ");
                switch (head[0]) {
                    case "case" -> spec = line.substring(5);
                    case "in" -> { dtype = dtype(head[1]); shape = shape(head[2]); in = numbers(halves); }
                    case "out" -> { outType = dtype(head[1]); outShape = shape(head[2]); out = numbers(halves); }
                    case "grad" -> grad = numbers(halves);
                    default -> throw new IllegalStateException("activations.txt: " + line);
                }
            }
            if (spec != null) cases.add(new Case(spec, dtype, shape, in, outType, outShape, out, grad));
        }
        return cases;
    }

    private static DType dtype(String s) { return DType.valueOf(s.toUpperCase(java.util.Locale.ROOT)); }

    private static int[] shape(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] numbers(String[] halves) {
        if (halves.length < 2 || halves[1].isBlank()) return new double[0];
        return Arrays.stream(halves[1].trim().split(" ")).mapToDouble(s -> switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        }).toArray();
    }

    /** The Ember op a case's spec names: {@code hardtanh -2 3} is {@code x.hardtanh(-2, 3)}. */
    static UnaryOperator<Tensor> op(String spec) {
        String[] w = spec.split(" ");
        return switch (w[0]) {
            case "erf" -> Tensor::erf;
            case "erfc" -> Tensor::erfc;
            case "gelu" -> x -> x.gelu(w[1]);
            case "silu" -> Tensor::silu;
            case "mish" -> Tensor::mish;
            case "hardtanh" -> x -> x.hardtanh(Double.parseDouble(w[1]), Double.parseDouble(w[2]));
            case "relu6" -> Tensor::relu6;
            case "hardsigmoid" -> Tensor::hardsigmoid;
            case "hardswish" -> Tensor::hardswish;
            case "softsign" -> Tensor::softsign;
            case "selu" -> Tensor::selu;
            case "celu" -> x -> x.celu(Double.parseDouble(w[1]));
            case "glu" -> x -> x.glu(Integer.parseInt(w[1]));
            case "softmin" -> x -> x.softmin(Integer.parseInt(w[1]));
            case "logsigmoid" -> Tensor::logsigmoid;
            default -> throw new IllegalArgumentException("no op for " + spec);
        };
    }

    /**
     * Ops whose sign of a zero result differs from PyTorch's on purpose: Ember's elu computes {@code expm1(x)},
     * which keeps -0 at -0, where PyTorch's {@code exp(x) - 1} gives +0 (README, Differences from PyTorch).
     */
    private static final Set<String> ZERO_SIGN_DIFFERS = Set.of("selu", "celu");

    @TestFactory
    List<DynamicTest> matchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Case c : cases())
                tests.add(dynamicTest(c.spec + " " + c.dtype + " " + Arrays.toString(c.shape) + " " + device, () -> {
                    Tensor x = Tensor.of(c.in, c.in.length).reshape(c.shape).to(c.dtype).to(device);
                    boolean floating = c.dtype.isFloating();
                    if (floating) x.requiresGrad(true);
                    Tensor y = op(c.spec).apply(x);
                    assertEquals(c.outType, y.dtype(), c.spec + ": dtype");
                    assertShape(c.outShape, y);
                    assertClose(c.spec, c.out, y);
                    if (!ZERO_SIGN_DIFFERS.contains(c.spec.split(" ")[0])) assertZeroSigns(c.spec, c.out, y);
                    if (!floating) return;
                    y.mul(weights(y)).sum().backward();
                    // PyTorch multiplies hardsigmoid's gradient by 1/6 rounded to float32, in float64 too
                    Conformance.Tolerance tol = Conformance.tolerance(c.spec.equals("hardsigmoid") ? DType.FLOAT32 : c.dtype);
                    assertClose(c.spec + " gradient", c.grad, x.grad(), tol);
                }));
        return tests;
    }

    /** r[i] = ((5 i + 3) mod 17 - 8) / 8 in y's shape and dtype, the weights of the script's L = sum(out * r). */
    private static Tensor weights(Tensor y) {
        double[] r = new double[(int) y.numel()];
        for (int i = 0; i < r.length; i++) r[i] = ((5 * i + 3) % 17 - 8) / 8.0;
        return Tensor.of(r, y.shape()).to(y.dtype()).to(y.device());
    }

    private static void assertZeroSigns(String what, double[] expected, Tensor actual) {
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            if (expected[i] == 0 && got[i] == 0 && Math.copySign(1, expected[i]) != Math.copySign(1, got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    // ---- independent float64 loops ----


    static final double SELU_ALPHA = 1.6732632423543772848170429916717, SELU_SCALE = 1.0507009873554804934193349852946;

    static final List<Unary> UNARY = List.of(
            new Unary("erf", Tensor::erf, ActivationConformanceTest::erf, -5, 5),
            new Unary("erfc", Tensor::erfc, ActivationConformanceTest::erfc, -3, 9),
            new Unary("gelu", Tensor::gelu, x -> x / 2 * erfc(-x / Math.sqrt(2)), -6, 6),
            new Unary("geluTanh", x -> x.gelu("tanh"),
                    x -> x / 2 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), -6, 6),
            new Unary("silu", Tensor::silu, x -> x / (1 + Math.exp(-x)), -10, 10),
            new Unary("mish", Tensor::mish, x -> x * Math.tanh(Math.log1p(Math.exp(x))), -10, 10),
            new Unary("hardtanh", x -> x.hardtanh(-0.75, 1.5), x -> Math.min(Math.max(x, -0.75), 1.5), -3, 3),
            new Unary("relu6", Tensor::relu6, x -> Math.min(Math.max(x, 0), 6), -3, 9),
            new Unary("hardsigmoid", Tensor::hardsigmoid, x -> Math.min(Math.max(x / 6 + 0.5, 0), 1), -5, 5),
            new Unary("hardswish", Tensor::hardswish, x -> x * Math.min(Math.max(x + 3, 0), 6) / 6, -5, 5),
            new Unary("softsign", Tensor::softsign, x -> x / (1 + Math.abs(x)), -5, 5),
            new Unary("selu", Tensor::selu, x -> x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x), -4, 4),
            new Unary("celu", x -> x.celu(0.7), x -> x > 0 ? x : 0.7 * Math.expm1(x / 0.7), -4, 4),
            new Unary("celuNegativeAlpha", x -> x.celu(-1.5), x -> x > 0 ? x : -1.5 * Math.expm1(x / -1.5), -2, 2),
            new Unary("logsigmoid", Tensor::logsigmoid, x -> x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x)), -30, 30));

    /** The error function, independent of the engine's: its series with positive terms only (no cancellation). */
    static double erf(double x) {
        if (Double.isNaN(x) || x == 0) return x;
        if (x < 0) return -erf(-x);
        if (x > 3) return 1 - erfc(x);
        double term = x, sum = x;   // erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1 3 5 ... (2n+1))
        for (int n = 1; term > 1e-18 * sum; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    /** 1 - erf(x), from Laplace's continued fraction beyond 2, where the subtraction would lose digits. */
    static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 2) return 1 - erf(x);
        double t = x;   // erfc(x) = exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))
        for (int k = 4000; k >= 1; k--) t = x + k / 2.0 / t;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
    }

    @Test
    void referenceErfIsAccurate() {
        // mpmath: erf(0.5), erf(2.5), erfc(2.5), erfc(6)
        assertEquals(0.5204998778130465, erf(0.5), 2e-16);
        assertEquals(0.999593047982555, erf(2.5), 1e-15);
        assertEquals(4.069520174449590e-4, erfc(2.5), 1e-18);
        assertEquals(2.151973671249891e-17, erfc(6), 1e-30);
    }

    @TestFactory
    List<DynamicTest> againstFloat64Loops() {
        return Conformance.unaryForward(UNARY, 31L, false);
    }

    @TestFactory
    List<DynamicTest> broadcastInputs() {
        // a row expanded over 4 rows (stride 0) and a 0-dim tensor
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Unary u : UNARY)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    tests.add(dynamicTest(u.name() + " " + dtype + " expanded and 0-dim " + device, () -> {
                        Tensor row = Tensor.of(values(u.name().hashCode(), 13, u.lo(), u.hi()), 1, 13).to(dtype).to(device);
                        Tensor x = row.expand(4, 13);
                        assertClose(u.name(), reference(u, x), u.op().apply(x));
                        Tensor scalar = Tensor.of(new double[] {(u.lo() + u.hi()) / 3}).to(dtype).to(device).reshape();
                        Tensor y = u.op().apply(scalar);
                        assertShape(new int[0], y);
                        assertClose(u.name(), reference(u, scalar), y);
                    }));
        return tests;
    }

    private static double[] reference(Unary u, Tensor x) {
        double[] in = x.toDoubleArray();   // float32 inputs as the engine sees them
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) out[i] = u.ref().applyAsDouble(in[i]);
        return out;
    }

    @TestFactory
    List<DynamicTest> gluAndSoftminAlongEachDim() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int n : Conformance.AWKWARD_SIZES)
                    for (int dim : new int[] {0, 1, -1})
                        tests.add(dynamicTest("glu, softmin " + dtype + " [" + 2 * n + ", 6] dim " + dim + " " + device, () -> {
                            int rows = 2 * n, cols = 6;
                            double[] v = values(n + dim, rows * cols, -4, 4);
                            Tensor x = Conformance.tensor(v, new int[] {rows, cols}, dtype, device, Conformance.Layout.TRANSPOSED);
                            double[] xs = x.toDoubleArray();
                            int d = dim < 0 ? dim + 2 : dim;
                            int[] half = d == 0 ? new int[] {rows / 2, cols} : new int[] {rows, cols / 2};
                            double[] glu = new double[rows * cols / 2];
                            for (int i = 0; i < half[0]; i++)
                                for (int j = 0; j < half[1]; j++) {
                                    double a = xs[i * cols + j];
                                    double b = d == 0 ? xs[(i + half[0]) * cols + j] : xs[i * cols + j + half[1]];
                                    glu[i * half[1] + j] = a / (1 + Math.exp(-b));
                                }
                            Tensor g = x.glu(dim);
                            assertShape(half, g);
                            assertClose("glu", glu, g);
                            double[] softmin = new double[rows * cols];
                            int lines = d == 0 ? cols : rows, length = d == 0 ? rows : cols;
                            for (int line = 0; line < lines; line++) {
                                double min = Double.POSITIVE_INFINITY, sum = 0;
                                for (int k = 0; k < length; k++) min = Math.min(min, xs[d == 0 ? k * cols + line : line * cols + k]);
                                for (int k = 0; k < length; k++) sum += Math.exp(min - xs[d == 0 ? k * cols + line : line * cols + k]);
                                for (int k = 0; k < length; k++) {
                                    int at = d == 0 ? k * cols + line : line * cols + k;
                                    softmin[at] = Math.exp(min - xs[at]) / sum;
                                }
                            }
                            assertClose("softmin", softmin, x.softmin(dim));
                        }));
        return tests;
    }

    // ---- gradients ----

    /** Where each op's derivative jumps: finite differences must not straddle these. */
    private static double[] kinks(String name) {
        return switch (name) {
            case "hardtanh" -> new double[] {-0.75, 1.5};
            case "relu6" -> new double[] {0, 6};
            case "hardsigmoid", "hardswish" -> new double[] {-3, 3};
            case "selu", "celu", "celuNegativeAlpha", "softsign" -> new double[] {0};
            default -> new double[0];
        };
    }

    private static double[] awayFromKinks(double[] v, double[] kinks) {
        for (int i = 0; i < v.length; i++)
            for (double k : kinks) if (Math.abs(v[i] - k) < 0.01) v[i] = k + 0.05;
        return v;
    }

    @TestFactory
    List<DynamicTest> gradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Unary u : UNARY)
                for (int n : Conformance.AWKWARD_SIZES)
                    tests.add(dynamicTest(u.name() + " gradient n=" + n + " " + device, () -> {
                        Tensor x = Tensor.of(awayFromKinks(values(n, 3 * n, u.lo(), u.hi()), kinks(u.name())), 3, n).to(device);
                        // through a transposed view, so the backward meets non-contiguous gradients too
                        assertGradients(u.name(), in -> u.op().apply(in[0].t()), x);
                    }));
        for (Device device : Conformance.devices())
            for (int n : Conformance.GRAD_SIZES)
                for (int dim : new int[] {0, 1, -1}) {
                    tests.add(dynamicTest("glu dim " + dim + " gradient n=" + n + " " + device, () -> {
                        Tensor x = Tensor.of(values(n + 5, 2 * n * 4, -3, 3), 2 * n, 4).to(device);
                        assertGradients("glu", in -> in[0].glu(dim), x);
                    }));
                    tests.add(dynamicTest("softmin dim " + dim + " gradient n=" + n + " " + device, () -> {
                        Tensor x = Tensor.of(values(n + 6, n * 4, -3, 3), n, 4).to(device);
                        assertGradients("softmin", in -> in[0].softmin(dim).mul(in[0]), x);
                    }));
                }
        return tests;
    }

    @TestFactory
    List<DynamicTest> secondOrderGradients() {
        // the smooth ones; hardtanh, relu6, hardsigmoid and hardswish are piecewise linear or quadratic
        List<DynamicTest> tests = new ArrayList<>();
        for (Unary u : UNARY) {
            if (Set.of("hardtanh", "relu6", "hardsigmoid", "hardswish").contains(u.name())) continue;
            tests.add(dynamicTest(u.name() + " second order", () -> {
                Tensor x = Tensor.of(awayFromKinks(values(5, 6, u.lo(), u.hi()), kinks(u.name())), 2, 3);
                var r = GradCheck.checkSecondOrder(in -> u.op().apply(in[0]), x);
                assertTrue(r.passed(), u.name() + ": " + r);
            }));
        }
        tests.add(dynamicTest("glu second order", () -> {
            var r = GradCheck.checkSecondOrder(in -> in[0].glu(1), Tensor.of(values(7, 8, -2, 2), 2, 4));
            assertTrue(r.passed(), "glu: " + r);
        }));
        tests.add(dynamicTest("softmin second order", () -> {
            var r = GradCheck.checkSecondOrder(in -> in[0].softmin(0).mul(in[0]), Tensor.of(values(8, 6, -2, 2), 3, 2));
            assertTrue(r.passed(), "softmin: " + r);
        }));
        return tests;
    }

    /** The derivatives at the kinks, written out: PyTorch's derivatives.yaml conventions. */
    @Test
    void derivativesAtTheKinksAndAtNaN() {
        double nan = Double.NaN;
        assertArrayEquals(new double[] {0, 1, 0, 1}, derivative(x -> x.hardtanh(), -1, 0.5, 1, nan));
        assertArrayEquals(new double[] {0, 1, 0, 1}, derivative(Tensor::relu6, 0, 3, 6, nan));
        assertArrayEquals(new double[] {0, 1 / 6.0, 0, 0}, derivative(Tensor::hardsigmoid, -3, 0, 3, nan));
        assertArrayEquals(new double[] {0, -0.5, 1.5, 1, 1}, derivative(Tensor::hardswish, Double.NEGATIVE_INFINITY, -3, 3, nan,
                Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {SELU_SCALE * SELU_ALPHA, SELU_SCALE}, derivative(Tensor::selu, 0, nan));
        assertArrayEquals(new double[] {1, 1}, derivative(x -> x.celu(0.5), 0, nan));
        assertArrayEquals(new double[] {1, 1}, derivative(x -> x.elu(1.0), 0, nan));
        assertArrayEquals(new double[] {1, 0, 0.5}, derivative(Tensor::logsigmoid, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0));
    }

    private static double[] derivative(UnaryOperator<Tensor> f, double... at) {
        Tensor x = Tensor.of(at, at.length).requiresGrad(true);
        f.apply(x).sum().backward();
        return x.grad().toDoubleArray();
    }

    // ---- dtypes and refusals ----

    @Test
    void dtypeRules() {
        Tensor ints = Tensor.of(new long[] {-7, 0, 3, 7}, 4);
        assertEquals(DType.FLOAT32, ints.erf().dtype());
        assertEquals(DType.FLOAT32, Tensor.of(new boolean[] {true, false}, 2).erfc().dtype());
        assertEquals(DType.FLOAT32, ints.softsign().dtype());
        assertEquals(DType.INT64, ints.relu6().dtype());
        assertArrayEquals(new long[] {-2, 0, 3, 3}, ints.hardtanh(-2, 3).toLongArray());
        assertEquals(DType.INT32, ints.to(DType.INT32).hardtanh().dtype());
        for (DType t : Conformance.FLOAT_TYPES) {
            Tensor x = Tensor.of(new double[] {-1, 2}, 2).to(t);
            for (Unary u : UNARY) assertEquals(t, u.op().apply(x).dtype(), u.name());
            assertEquals(t, x.glu(0).dtype());
            assertEquals(t, x.softmin(0).dtype());
        }
    }

    @Test
    void refusals() {
        Tensor ints = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
        for (String name : List.of("gelu", "silu", "mish", "hardsigmoid", "hardswish", "selu", "celu", "logsigmoid")) {
            UnaryOperator<Tensor> f = op(name.equals("celu") ? "celu 1" : name.equals("gelu") ? "gelu none" : name);
            assertEquals(name + ": expected a float32 or float64 tensor, got int64 of shape [2, 2]",
                    assertThrows(IllegalArgumentException.class, () -> f.apply(ints)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ints.glu(0));
        assertThrows(IllegalArgumentException.class, () -> ints.softmin(0));
        Tensor bools = Tensor.of(new boolean[] {true}, 1);
        assertEquals("relu6: bool tensors are not supported (shape [1]); convert with to(DType.INT64) or to a float dtype",
                assertThrows(IllegalArgumentException.class, bools::relu6).getMessage());
        assertThrows(IllegalArgumentException.class, bools::softsign);

        Tensor x = Tensor.zeros(3, 5);
        assertEquals("glu: the halved dim must have even size, but dim 1 of [3, 5] has size 5",
                assertThrows(IllegalArgumentException.class, () -> x.glu(1)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.glu(2));
        assertEquals("glu: a 0-dim tensor has no dim to halve",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros().glu(0)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.softmin(-3));
        assertEquals("gelu: approximate must be \"none\" or \"tanh\", got \"erf\"",
                assertThrows(IllegalArgumentException.class, () -> x.gelu("erf")).getMessage());
        assertEquals("celu: alpha must be finite and non-zero, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> x.celu(0)).getMessage());
        assertEquals("hardtanh: min 2.0 must be <= max 1.0",
                assertThrows(IllegalArgumentException.class, () -> x.hardtanh(2, 1)).getMessage());
        assertEquals("hardtanh: bounds -2.5 and 3.0 must be whole numbers for an int64 tensor (PyTorch truncates them)",
                assertThrows(IllegalArgumentException.class, () -> ints.hardtanh(-2.5, 3)).getMessage());
    }

    @Test
    void emptyTensors() {
        Tensor e = Tensor.zeros(0, 4);
        for (Unary u : UNARY) assertShape(new int[] {0, 4}, u.op().apply(e));
        assertShape(new int[] {0, 2}, e.glu(1));
        assertShape(new int[] {0, 4}, e.softmin(1));
    }
}
