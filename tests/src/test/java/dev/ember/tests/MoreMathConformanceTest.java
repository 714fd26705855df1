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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * exp2, expm1, log2, log10, sinh, cosh, tan, asin, acos, atan, atan2, hypot and logit: values against float64 loops
 * over java.lang.Math and against PyTorch 1.13's values and gradients at edge values (more-math.txt, made by
 * tests/src/test/python/more_math.py), gradients of first and second order by finite differences, exact results at
 * powers of two and ten, and the dtype rules.
 *
 * <p>Against PyTorch a value must be within {@link #ulps} units in the last place of the dtype (2 on the CPU, which
 * computes float32 in double and rounds once, so it is the correctly rounded value or next to it; 4 on CUDA, the
 * largest error CUDA's float functions document); NaN, infinities and zeros, signed, must be PyTorch's exactly.
 */
class MoreMathConformanceTest {


    private static final double LN2 = Math.log(2);

    static final List<Unary> UNARY = List.of(
            new Unary("exp2", Tensor::exp2, x -> Math.pow(2, x), -10, 10),
            new Unary("expm1", Tensor::expm1, Math::expm1, -3, 3),
            new Unary("log2", Tensor::log2, x -> Math.log(x) / LN2, 0.1, 50),
            new Unary("log10", Tensor::log10, Math::log10, 0.1, 50),
            new Unary("sinh", Tensor::sinh, Math::sinh, -4, 4),
            new Unary("cosh", Tensor::cosh, Math::cosh, -4, 4),
            new Unary("tan", Tensor::tan, Math::tan, -1.3, 1.3),
            new Unary("asin", Tensor::asin, Math::asin, -0.95, 0.95),
            new Unary("acos", Tensor::acos, Math::acos, -0.95, 0.95),
            new Unary("atan", Tensor::atan, Math::atan, -5, 5),
            new Unary("logit", Tensor::logit, x -> Math.log(x / (1 - x)), 0.02, 0.98),
            new Unary("logit eps", x -> x.logit(0.2), x -> {
                double z = Math.min(Math.max(x, 0.2), 0.8);
                return Math.log(z / (1 - z));
            }, 0.02, 0.98));

    @TestFactory
    List<DynamicTest> unaryForward() {
        return Conformance.unaryForward(UNARY, 37L, false);
    }

    @TestFactory
    List<DynamicTest> unaryGradients() {
        return Conformance.unaryGradients(UNARY, 3);
    }

    @TestFactory
    List<DynamicTest> secondOrderGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Unary u : UNARY) {
            tests.add(dynamicTest(u.name() + " second order", () -> {
                Tensor x = Tensor.of(values(11, 6, u.lo(), u.hi()), 2, 3);
                var r = GradCheck.checkSecondOrder(in -> u.op().apply(in[0]), x);
                assertTrue(r.passed(), u.name() + ": " + r);
            }));
        }
        for (Binary b : BINARY) {
            tests.add(dynamicTest(b.name + " second order", () -> {
                Tensor x = Tensor.of(values(12, 6, -3, 3), 2, 3);
                Tensor y = Tensor.of(values(13, 3, 0.5, 3), 3);
                var r = GradCheck.checkSecondOrder(in -> b.op.apply(in[0], in[1]), x, y);
                assertTrue(r.passed(), b.name + ": " + r);
            }));
        }
        return tests;
    }

    record Binary(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref) {}

    static final List<Binary> BINARY = List.of(
            new Binary("atan2", Tensor::atan2, Math::atan2),
            new Binary("hypot", Tensor::hypot, Math::hypot));

    /** Broadcast pairs: equal, with a 0-dim scalar, with fewer dims, both stretched. */
    static List<int[][]> shapePairs(int n) {
        return List.of(new int[][] {{n}, {n}}, new int[][] {{3, n}, {}}, new int[][] {{2, n}, {n}},
                new int[][] {{1, n}, {3, 1}}, new int[][] {{3, 1, n}, {2, 1}});
    }

    @TestFactory
    List<DynamicTest> binaryForwardBroadcast() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Binary b : BINARY)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    for (int n : Conformance.AWKWARD_SIZES)
                        for (int[][] p : shapePairs(n))
                            for (Conformance.Layout layout : Conformance.Layout.values()) {
                                String what = b.name + " " + dtype + " " + Arrays.toString(p[0]) + " with "
                                        + Arrays.toString(p[1]) + " " + layout + " " + device;
                                tests.add(dynamicTest(what, () -> {
                                    Tensor x = Conformance.tensor(values(n, Conformance.numel(p[0]), -3, 3), p[0], dtype, device, layout);
                                    Tensor y = Conformance.tensor(values(n + 1, Conformance.numel(p[1]), -3, 3), p[1], dtype, device, layout);
                                    double[] expected = Reference.binary(x.toDoubleArray(), p[0], y.toDoubleArray(), p[1], b.ref);
                                    Tensor out = b.op.apply(x, y);
                                    assertShape(Reference.broadcastShape(p[0], p[1]), out);
                                    assertEquals(dtype, out.dtype());
                                    assertClose(what, expected, out);
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
                    for (int[][] p : shapePairs(n))
                        tests.add(dynamicTest(b.name + " gradient " + Arrays.toString(p[0]) + " with " + Arrays.toString(p[1]) + " " + device, () -> {
                            Tensor x = Tensor.of(values(n + 5, Conformance.numel(p[0]), -3, 3), p[0]).to(device);
                            Tensor y = Tensor.of(values(n + 6, Conformance.numel(p[1]), 0.5, 3), p[1]).to(device);
                            assertGradients(b.name, in -> b.op.apply(in[0], in[1]), x, y);
                        }));
        return tests;
    }

    // ---- against PyTorch ----

    /** One case of more-math.txt: the op, its dtype and arguments, inputs, PyTorch's result and gradients. */
    record Case(String op, DType dtype, Map<String, Double> args, Map<String, double[]> inputs, double[] out,
                Map<String, double[]> grads) {
        String name() { return op + " " + dtype + (args.isEmpty() ? "" : " " + args); }
    }

    static List<Case> pytorchCases() throws IOException {
        List<Case> cases = new ArrayList<>();
        var stream = MoreMathConformanceTest.class.getResourceAsStream("more-math.txt");
        if (stream == null) throw new IllegalStateException("more-math.txt is missing from the test resources");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String op = null;
            DType dtype = null;
            Map<String, Double> args = new LinkedHashMap<>();
            Map<String, double[]> inputs = new LinkedHashMap<>();
            Map<String, double[]> grads = new LinkedHashMap<>();
            double[] out = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) continue;
                if (line.isBlank()) {
                    if (op != null) cases.add(new Case(op, dtype, args, inputs, out, grads));
                    op = null;
                    args = new LinkedHashMap<>();
                    inputs = new LinkedHashMap<>();
                    grads = new LinkedHashMap<>();
                    out = null;
                    continue;
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "case" -> { op = f[1]; dtype = DType.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)); }
                    case "arg" -> args.put(f[1], Double.parseDouble(f[2]));
                    case "in" -> inputs.put(f[1], numbers(f, 3));
                    case "out" -> out = numbers(f, 2);
                    case "grad" -> grads.put(f[1], numbers(f, 3));
                    default -> throw new IllegalStateException("more-math.txt: unknown line " + line);
                }
            }
            if (op != null) cases.add(new Case(op, dtype, args, inputs, out, grads));
        }
        return cases;
    }

    private static double[] numbers(String[] f, int from) {
        double[] v = new double[f.length - from];
        for (int i = from; i < f.length; i++) v[i - from] = Double.parseDouble(f[i]);
        return v;
    }

    private static Tensor apply(Case c, Tensor[] in) {
        return switch (c.op) {
            case "atan2" -> in[0].atan2(in[1]);
            case "hypot" -> in[0].hypot(in[1]);
            case "logit" -> c.args.containsKey("eps") ? in[0].logit(c.args.get("eps")) : in[0].logit();
            default -> UNARY.stream().filter(u -> u.name().equals(c.op)).findFirst().orElseThrow().op().apply(in[0]);
        };
    }

    static int ulps(Device device) { return device.equals(Device.CPU) ? 2 : 4; }

    @TestFactory
    List<DynamicTest> matchesPytorch() throws IOException {
        List<Case> cases = pytorchCases();
        assertEquals(2 * (10 + 2 + 5), cases.size(), "cases in more-math.txt");
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Case c : cases)
                tests.add(dynamicTest(c.name() + " " + device, () -> {
                    Tensor[] in = c.inputs.values().stream().map(v -> Tensor.of(v).to(c.dtype).to(device)).toArray(Tensor[]::new);
                    Tensor out = apply(c, in);
                    assertEquals(c.dtype, out.dtype());
                    double[] got = out.toDoubleArray();
                    double[][] xs = in.length == 1 ? new double[][] {c.inputs.get("x")} : new double[][] {c.inputs.get("x"), c.inputs.get("y")};
                    for (int i = 0; i < got.length; i++) {
                        int k = i;
                        String where = c.name() + " at " + String.join(", ", Arrays.stream(xs).map(x -> Double.toString(x[k])).toList());
                        assertWithinUlps(where, deliberateDifference(c, xs[0][i], c.out[i]), got[i], c.dtype, ulps(device));
                    }
                    if (c.grads.isEmpty()) return;
                    Tensor[] leaves = Arrays.stream(in).map(t -> t.detach().requiresGrad(true)).toArray(Tensor[]::new);
                    Tensor y = apply(c, leaves);
                    y.mul(Tensor.of(weights(y.shape()[0])).to(device)).sum().backward();
                    String[] names = c.grads.keySet().toArray(String[]::new);
                    for (int j = 0; j < names.length; j++) {
                        double[] expected = c.grads.get(names[j]);
                        double[] g = leaves[j].grad().toDoubleArray();
                        for (int i = 0; i < g.length; i++) {
                            int k = i;
                            String where = c.name() + " gradient of " + names[j] + " at "
                                    + String.join(", ", Arrays.stream(xs).map(x -> Double.toString(x[k])).toList());
                            double e = expected[i];
                            if (Double.isInfinite(e) && (c.op.equals("sinh") || c.op.equals("cosh"))) {
                                // the same early overflow, in PyTorch's cosh or sinh of the gradient rule
                                double derivative = c.op.equals("sinh") ? Math.cosh(xs[0][i]) : Math.sinh(xs[0][i]);
                                if (!Double.isInfinite(derivative)) e = weights(g.length)[i] * derivative;
                            }
                            assertGradientClose(where, e, g[i]);
                        }
                    }
                }));
        return tests;
    }

    /**
     * PyTorch's value, except where PyTorch 1.13's CPU kernels are off and Ember gives the correctly rounded value
     * instead (README, "more math"): its AVX2 sinh and cosh overflow to infinity early (from 88.7 in float32, 709.8 in
     * float64, where the value is still finite; its scalar path, used for tensors of fewer than 8 elements, and CUDA do
     * not), and its tan flushes a subnormal input to 0.
     */
    private static double deliberateDifference(Case c, double x, double pytorch) {
        double exact = switch (c.op) {
            case "sinh" -> Math.sinh(x);
            case "cosh" -> Math.cosh(x);
            case "tan" -> Math.tan(x);
            default -> pytorch;
        };
        if (c.dtype == DType.FLOAT32) exact = (float) exact;
        boolean earlyOverflow = Double.isInfinite(pytorch) && !Double.isInfinite(exact) && !c.op.equals("tan");
        boolean flushed = c.op.equals("tan") && x != 0 && Math.abs(x) < (c.dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL);
        return earlyOverflow || flushed ? exact : pytorch;
    }

    /** r[i] = ((5 i + 3) mod 17 - 8) / 8, as more_math.py. */
    private static double[] weights(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = ((5 * i + 3) % 17 - 8) / 8.0;
        return r;
    }

    private static void assertWithinUlps(String where, double expected, double got, DType dtype, int ulps) {
        if (Double.isNaN(expected) || Double.isNaN(got) || Double.isInfinite(expected) || expected == 0) {
            if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(got)) {
                fail(where + ": got " + got + ", PyTorch " + expected + " (" + dtype + ")");
            }
            return;
        }
        double ulp = dtype == DType.FLOAT32 ? Math.ulp((float) expected) : Math.ulp(expected);
        if (!(Math.abs(got - expected) <= ulps * ulp)) {
            fail(where + ": got " + got + ", PyTorch " + expected + " (" + dtype + "; " + Math.abs(got - expected) / ulp
                    + " ulps, " + ulps + " allowed)");
        }
    }

    /** A gradient is several ops: NaN and infinities exactly, the rest within float64's tolerance. */
    private static void assertGradientClose(String where, double expected, double got) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            if (Double.compare(expected, got) != 0) fail(where + ": got " + got + ", PyTorch " + expected);
            return;
        }
        Conformance.Tolerance tol = Conformance.tolerance(DType.FLOAT64);
        if (!(Math.abs(got - expected) <= tol.atol() + tol.rtol() * Math.abs(expected))) {
            fail(where + ": got " + got + ", PyTorch " + expected);
        }
    }

    // ---- exact results ----

    @Test
    void exactAtPowersOfTwoAndTen() {
        for (Device device : Conformance.devices()) {
            exactPowers(device, DType.FLOAT64, -1074, 1023, 22);
            exactPowers(device, DType.FLOAT32, -149, 127, 10);
        }
    }

    /** log2(2^k) = k and exp2(k) = 2^k for k in [lo, hi], log10(10^k) = k for k in [0, tens]: integers, not neighbours. */
    private static void exactPowers(Device device, DType dtype, int lo, int hi, int tens) {
        double[] k = new double[hi - lo + 1];
        double[] p = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = lo + i;
            p[i] = Math.scalb(1.0, lo + i);
        }
        assertExactly("log2 " + dtype + " of 2^k", k, Tensor.of(p).to(dtype).to(device).log2(), k);
        assertExactly("exp2 " + dtype, k, Tensor.of(k).to(dtype).to(device).exp2(), p);
        double[] t = new double[tens + 1];
        double[] e = new double[tens + 1];
        for (int i = 0; i <= tens; i++) {
            e[i] = i;
            t[i] = Double.parseDouble("1e" + i);
        }
        assertExactly("log10 " + dtype + " of 10^k", e, Tensor.of(t).to(dtype).to(device).log10(), e);
    }

    private static void assertExactly(String what, double[] k, Tensor actual, double[] expected) {
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            if (got[i] != expected[i]) fail(what + ": k = " + k[i] + " gives " + got[i] + ", not " + expected[i]);
        }
    }

    @Test
    void smallArgumentsDoNotCancel() {
        // exp(x) - 1 and (exp(x) - exp(-x)) / 2 lose every digit here; expm1 and sinh must not.
        for (Device device : Conformance.devices()) {
            double[] x = {1e-10, -3e-12, 1e-300, 2e-17};
            for (DType dtype : Conformance.FLOAT_TYPES) {
                var relative = new Conformance.Tolerance(Conformance.tolerance(dtype).rtol(), 0);   // no absolute slack at 1e-10
                Tensor t = Tensor.of(x).to(dtype).to(device);
                double[] rounded = t.toDoubleArray();
                double[] expm1 = new double[x.length];
                for (int i = 0; i < x.length; i++) expm1[i] = Math.expm1(rounded[i]);
                assertClose("expm1 " + dtype, expm1, t.expm1(), relative);
                assertClose("sinh " + dtype, rounded, t.sinh(), relative);   // sinh x = x (1 + x^2 / 6 + ...)
                assertClose("tan " + dtype, rounded, t.tan(), relative);
                assertClose("asin " + dtype, rounded, t.asin(), relative);
                assertClose("atan " + dtype, rounded, t.atan(), relative);
            }
        }
    }

    // ---- dtypes, shapes, errors ----

    @Test
    void integersAndBoolComputeInFloat32() {
        for (Device device : Conformance.devices()) {
            Tensor ints = Tensor.of(new long[] {0, 1, 2, 8, -1}).to(device);
            for (Unary u : UNARY) assertEquals(DType.FLOAT32, u.op().apply(ints).dtype(), u.name());
            assertEquals("[-Infinity, 0.0, 1.0, 3.0, NaN]", Arrays.toString(ints.log2().toDoubleArray()));
            assertEquals("[-Infinity, Infinity, NaN, NaN, NaN]", Arrays.toString(ints.logit().toDoubleArray()));
            assertEquals(DType.FLOAT32, Tensor.of(new boolean[] {true, false}).to(device).exp2().dtype());
            Tensor a = Tensor.of(new int[] {1, -1, 0}).to(device);
            Tensor b = Tensor.of(new long[] {0, 0, -1}).to(device);
            Tensor angle = a.atan2(b);
            assertEquals(DType.FLOAT32, angle.dtype());
            assertClose("atan2 ints", new double[] {Math.PI / 2, -Math.PI / 2, Math.PI}, angle);
            assertEquals(DType.FLOAT64, Tensor.of(new float[] {1}).to(device).atan2(Tensor.of(new double[] {2}).to(device)).dtype());
            assertEquals(DType.FLOAT32, b.hypot(Tensor.of(new float[] {3, 4, 0}).to(device)).dtype());
            var e = assertThrows(IllegalArgumentException.class, () -> a.hypot(b));
            assertTrue(e.getMessage().contains("hypot") && e.getMessage().contains("int32") && e.getMessage().contains("int64"),
                    e.getMessage());
        }
    }

    @Test
    void emptyAndZeroDim() {
        for (Device device : Conformance.devices()) {
            for (int[] shape : new int[][] {{0}, {2, 0}}) {
                Tensor x = Tensor.zeros(device, DType.FLOAT32, shape);
                for (Unary u : UNARY) assertShape(shape, u.op().apply(x));
                assertShape(shape, x.atan2(Tensor.zeros(device, DType.FLOAT32, 1)));
                assertShape(shape, x.hypot(x));
            }
            Tensor s = Tensor.of(new double[] {0.25}).reshape().to(device);
            assertShape(new int[0], s.log2());
            assertEquals(-2.0, s.log2().item());
            assertEquals(Math.atan2(0.25, -1), s.atan2(Tensor.of(new double[] {-1}).to(device)).toDoubleArray()[0]);
        }
    }

    @Test
    void signedZerosOfAtan2() {
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES) {
                Tensor y = Tensor.of(new double[] {0.0, -0.0, 0.0, -0.0}).to(dtype).to(device);
                Tensor x = Tensor.of(new double[] {-0.0, -0.0, 0.0, 0.0}).to(dtype).to(device);
                double pi = Tensor.scalar(DType.FLOAT64, Math.PI).to(dtype).item();   // pi rounded to the dtype
                assertEquals(Arrays.toString(new double[] {pi, -pi, 0.0, -0.0}), Arrays.toString(y.atan2(x).toDoubleArray()));
            }
    }
}
