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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;

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
 * The rounding and arithmetic family (floor, ceil, round, trunc, frac, remainder, fmod, floorDivide, square,
 * reciprocal, isnan, isinf, isfinite, nanToNum, clamp with tensor bounds, lerp, xlogy, where(condition)): against
 * PyTorch 1.13's numbers (rounding-ops.txt, from tests/src/test/python/rounding_ops.py) at the edges, against exact
 * or float64 loops written here on awkward sizes, strided and broadcast inputs, and gradients by finite differences.
 */
class RoundingConformanceTest {

    // ---- PyTorch's numbers ----

    /** Ops whose results PyTorch and Ember both round once from the exact value (or not at all): compared bit for bit. */
    private static final List<String> INEXACT = List.of("lerp", "lerp_scalar", "xlogy", "xlogy_scalar");

    private record Input(String name, DType dtype, int[] shape, boolean grad, String[] values) {}

    private record Output(DType dtype, int[] shape, String[] values) {}

    private record Case(String name, String op, Map<String, String> args, List<Input> inputs, List<Output> outputs,
                        Map<String, String[]> grads) {}

    @TestFactory
    List<DynamicTest> matchesPyTorch() throws IOException {
        List<Case> cases = readCases();
        assertTrue(cases.size() > 150, "rounding-ops.txt holds only " + cases.size() + " cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Case c : cases) tests.add(dynamicTest(c.name + " " + device, () -> check(c, device)));
        return tests;
    }

    private static void check(Case c, Device device) {
        Tensor[] in = new Tensor[c.inputs.size()];
        for (int i = 0; i < in.length; i++) {
            Input input = c.inputs.get(i);
            in[i] = tensorOf(input.dtype, input.shape, input.values).to(device);
            if (input.grad) in[i].requiresGrad(true);
        }
        List<Tensor> outs = run(c, in);
        assertEquals(c.outputs.size(), outs.size(), c.name + ": number of results");
        for (int k = 0; k < outs.size(); k++) {
            Output expected = c.outputs.get(k);
            Tensor got = outs.get(k);
            assertEquals(expected.dtype, got.dtype(), c.name + ": dtype");
            assertShape(expected.shape, got);
            if (INEXACT.contains(c.op)) assertClose(c.name, parse(expected.values), got, scaledTolerance(got.dtype(), in));
            else assertSame(c.name, expected.dtype, pytorchFixed(c, in, expected.values), got, c.op.startsWith("clamp"));
        }
        if (c.grads.isEmpty()) return;
        Tensor out = outs.get(0);
        out.mul(Tensor.of(weights(Math.toIntExact(out.numel())), out.shape()).to(out.dtype()).to(device)).sum().backward();
        for (int i = 0; i < in.length; i++) {
            String[] g = c.grads.get(c.inputs.get(i).name);
            if (g == null) continue;
            Tensor grad = in[i].grad() == null ? Tensor.zerosLike(in[i]) : in[i].grad();
            assertClose(c.name + ": gradient of " + c.inputs.get(i).name, parse(g), grad);
        }
    }

    /**
     * The dtype's tolerance with the absolute part scaled by the largest finite input: lerp's two formulas cancel
     * (start 1e30, end -1e30), and PyTorch's vector path fuses the multiply-add where Ember rounds twice.
     */
    private static Conformance.Tolerance scaledTolerance(DType dtype, Tensor[] inputs) {
        double scale = 1;
        for (Tensor t : inputs) {
            for (double v : t.toDoubleArray()) if (Double.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        }
        Conformance.Tolerance tol = Conformance.tolerance(dtype);
        return new Conformance.Tolerance(tol.rtol(), tol.atol() * scale);
    }

    private static List<Tensor> run(Case c, Tensor[] x) {
        Tensor r = switch (c.op) {
            case "floor" -> x[0].floor();
            case "ceil" -> x[0].ceil();
            case "round" -> x[0].round();
            case "round_decimals" -> x[0].round(Integer.parseInt(c.args.get("decimals")));
            case "trunc" -> x[0].trunc();
            case "frac" -> x[0].frac();
            case "remainder" -> x[0].remainder(x[1]);
            case "fmod" -> x[0].fmod(x[1]);
            case "floor_divide" -> x[0].floorDivide(x[1]);
            case "remainder_scalar" -> x[0].remainder(arg(c, "other"));
            case "fmod_scalar" -> x[0].fmod(arg(c, "other"));
            case "floor_divide_scalar" -> x[0].floorDivide(arg(c, "other"));
            case "remainder_long" -> x[0].remainder(Long.parseLong(c.args.get("other")));
            case "fmod_long" -> x[0].fmod(Long.parseLong(c.args.get("other")));
            case "floor_divide_long" -> x[0].floorDivide(Long.parseLong(c.args.get("other")));
            case "square" -> x[0].square();
            case "reciprocal" -> x[0].reciprocal();
            case "square_reciprocal" -> x[0].square().add(x[0].reciprocal());
            case "isnan" -> x[0].isnan();
            case "isinf" -> x[0].isinf();
            case "isfinite" -> x[0].isfinite();
            case "nan_to_num" -> x[0].nanToNum();
            case "nan_to_num_values" -> x[0].nanToNum(arg(c, "nan"), arg(c, "posinf"), arg(c, "neginf"));
            case "clamp" -> x[0].clamp(x[1], x[2]);
            case "clamp_min" -> x[0].clamp(x[1], null);
            case "clamp_max" -> x[0].clamp(null, x[1]);
            case "lerp" -> x[0].lerp(x[1], x[2]);
            case "lerp_scalar" -> x[0].lerp(x[1], arg(c, "weight"));
            case "xlogy" -> x[0].xlogy(x[1]);
            case "xlogy_scalar" -> x[0].xlogy(arg(c, "other"));
            case "where_nonzero" -> null;
            default -> throw new IllegalArgumentException("rounding-ops.txt names an unknown op " + c.op);
        };
        return r == null ? Tensor.where(x[0]) : List.of(r);
    }

    private static double arg(Case c, String name) { return Double.parseDouble(c.args.get(name)); }

    /**
     * PyTorch's float32 SIMD fmod (Sleef's) gives NaN where the quotient overflows float32 ({@code fmod(1e30, 1e-30)}),
     * where C's {@code fmodf}, PyTorch's own scalar path and Ember give the exact remainder: those elements are
     * checked against the exact result instead.
     */
    private static String[] pytorchFixed(Case c, Tensor[] in, String[] expected) {
        boolean division = List.of("remainder", "fmod", "floor_divide").contains(c.op);
        if (!division || in[0].dtype() != DType.FLOAT32) return expected;
        double[] a = in[0].toDoubleArray(), b = in[1].toDoubleArray();
        String[] fixed = expected.clone();
        for (int i = 0; i < fixed.length; i++) {
            boolean quirk = fixed[i].equals("nan") && Double.isFinite(a[i]) && Double.isFinite(b[i]) && b[i] != 0
                    && Math.abs(a[i] / b[i]) > Float.MAX_VALUE;
            if (!quirk) continue;
            double exact = switch (c.op) {
                case "remainder" -> exactDivision(a[i], b[i], RoundingMode.FLOOR, false);
                case "fmod" -> exactDivision(a[i], b[i], RoundingMode.DOWN, false);
                default -> exactDivision(a[i], b[i], RoundingMode.FLOOR, true);
            };
            fixed[i] = Double.toString((float) exact).replace("Infinity", "inf");
        }
        return fixed;
    }

    /**
     * Bit for bit: integers exactly, floats with the sign of zero (unless {@code anyZero}: PyTorch's clamp keeps
     * {@code x = -0} against a bound of {@code +0} in its scalar and float32 paths but not its float64 SIMD path),
     * any NaN equal to any NaN.
     */
    private static void assertSame(String what, DType dtype, String[] expected, Tensor got, boolean anyZero) {
        if (dtype.isFloating()) {
            double[] g = got.toDoubleArray();
            double[] all = parse(expected);
            for (int i = 0; i < g.length; i++) {
                double e = dtype == DType.FLOAT32 ? (float) all[i] : all[i];   // %.9g: the float32 round-trips
                if (anyZero && e == 0 && g[i] == 0) continue;
                if (Double.compare(e, g[i]) != 0 && !(Double.isNaN(e) && Double.isNaN(g[i]))) {
                    fail(what + ": element " + i + " is " + g[i] + ", PyTorch gives " + e + " (" + dtype + ", " + got.device() + ")");
                }
            }
        } else {
            long[] g = got.toLongArray();
            long[] e = new long[expected.length];
            for (int i = 0; i < e.length; i++) e[i] = Long.parseLong(expected[i]);
            assertArrayEquals(e, g, what + " on " + got.device());
        }
    }

    private static Tensor tensorOf(DType dtype, int[] shape, String[] v) {
        return switch (dtype) {
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> Tensor.of(parse(v), shape).to(dtype);
            case INT64 -> Tensor.of(Arrays.stream(v).mapToLong(Long::parseLong).toArray(), shape);
            case INT32 -> Tensor.of(Arrays.stream(v).mapToInt(Integer::parseInt).toArray(), shape);
            case BOOL -> {
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < b.length; i++) b[i] = v[i].equals("1");
                yield Tensor.of(b, shape);
            }
        };
    }

    private static double[] parse(String[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) d[i] = Double.parseDouble(v[i].replace("inf", "Infinity").replace("nan", "NaN"));
        return d;
    }

    /** r[i] = ((5 i + 3) mod 17 - 8) / 8, as rounding_ops.py makes them. */
    private static double[] weights(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = ((5 * i + 3) % 17 - 8) / 8.0;
        return r;
    }

    private static List<Case> readCases() throws IOException {
        var stream = RoundingConformanceTest.class.getResourceAsStream("rounding-ops.txt");
        if (stream == null) throw new IllegalStateException("rounding-ops.txt is missing: run tests/src/test/python/rounding_ops.py");
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String name = null, op = null;
            Map<String, String> args = new LinkedHashMap<>();
            List<Input> inputs = new ArrayList<>();
            List<Output> outputs = new ArrayList<>();
            Map<String, String[]> grads = new LinkedHashMap<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) continue;
                if (line.isEmpty()) {
                    if (name != null) cases.add(new Case(name, op, args, inputs, outputs, grads));
                    name = null;
                    args = new LinkedHashMap<>();
                    inputs = new ArrayList<>();
                    outputs = new ArrayList<>();
                    grads = new LinkedHashMap<>();
                    continue;
                }
                String[] sides = line.split(" = ", -1);
                String[] head = sides[0].split(" ");
                String[] values = sides.length > 1 && !sides[1].isEmpty() ? sides[1].split(" ") : new String[0];
                switch (head[0]) {
                    case "case" -> name = line.substring(5);
                    case "op" -> op = head[1];
                    case "arg" -> args.put(head[1], head[2]);
                    case "in" -> inputs.add(new Input(head[1], dtype(head[2]), shape(head[3]), head.length > 4, values));
                    case "out" -> outputs.add(new Output(dtype(head[1]), shape(head[2]), values));
                    case "grad" -> grads.put(head[1], values);
                    default -> throw new IllegalStateException("rounding-ops.txt: unknown line " + line);
                }
            }
            if (name != null) cases.add(new Case(name, op, args, inputs, outputs, grads));
        }
        return cases;
    }

    private static DType dtype(String s) { return DType.valueOf(s.toUpperCase(java.util.Locale.ROOT)); }

    private static int[] shape(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    // ---- exact and float64 loops on awkward sizes and layouts ----


    record Binary(String name, BinaryOperator<Tensor> op, DoubleBinaryOperator ref, double lo, double hi) {}

    /** Exact references, from BigDecimal arithmetic, rounded once to the dtype by the test. */
    static final List<Unary> UNARY = List.of(
            new Unary("floor", Tensor::floor, x -> exact(x, RoundingMode.FLOOR), -50, 50),
            new Unary("ceil", Tensor::ceil, x -> exact(x, RoundingMode.CEILING), -50, 50),
            new Unary("round", Tensor::round, x -> exact(x, RoundingMode.HALF_EVEN), -50, 50),
            new Unary("round halves", x -> x.mul(4.0).round(), x -> exact(x * 4, RoundingMode.HALF_EVEN), -50, 50),
            new Unary("trunc", Tensor::trunc, x -> exact(x, RoundingMode.DOWN), -50, 50),
            new Unary("frac", Tensor::frac, x -> x - exact(x, RoundingMode.DOWN), -50, 50),
            new Unary("square", Tensor::square, x -> x * x, -5, 5),
            new Unary("reciprocal", Tensor::reciprocal, x -> 1 / x, 0.25, 5),
            new Unary("nanToNum", Tensor::nanToNum, x -> x, -5, 5));

    static final List<Binary> BINARY = List.of(
            new Binary("remainder", Tensor::remainder, (a, b) -> exactDivision(a, b, RoundingMode.FLOOR, false), -50, 50),
            new Binary("fmod", Tensor::fmod, (a, b) -> exactDivision(a, b, RoundingMode.DOWN, false), -50, 50),
            new Binary("floorDivide", Tensor::floorDivide, (a, b) -> exactDivision(a, b, RoundingMode.FLOOR, true), -50, 50),
            new Binary("xlogy", Tensor::xlogy, (a, b) -> a == 0 ? 0 : a * Math.log(b), 0.25, 5));

    private static double exact(double x, RoundingMode mode) {
        return new BigDecimal(x).setScale(0, mode).doubleValue();
    }

    /** The quotient rounded by {@code mode} ({@code quotient}) or the remainder {@code a - q b}, exactly. */
    private static double exactDivision(double a, double b, RoundingMode mode, boolean quotient) {
        BigDecimal x = new BigDecimal(a), y = new BigDecimal(b);
        BigDecimal q = x.divide(y, 60, RoundingMode.HALF_EVEN).setScale(0, mode);
        return quotient ? q.doubleValue() : x.subtract(q.multiply(y)).doubleValue();
    }

    @TestFactory
    List<DynamicTest> unaryForward() {
        return Conformance.unaryForward(UNARY, 37L, true);
    }

    @TestFactory
    List<DynamicTest> binaryForward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Binary b : BINARY)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    for (int n : Conformance.AWKWARD_SIZES)
                        for (Conformance.Layout layout : Conformance.Layout.values()) {
                            int[] shape = {n, 3};
                            tests.add(dynamicTest(b.name + " " + dtype + " " + n + " " + layout + " " + device, () -> {
                                double[] va = values(n * 41L + b.name.hashCode(), 3 * n, b.lo, b.hi);
                                double[] vb = values(n * 43L + b.name.hashCode(), 3, 0.25, 7);
                                for (int i = 0; i < 3; i++) if (i % 2 == 1 && b.lo < 0) vb[i] = -vb[i];
                                Tensor x = Conformance.tensor(va, shape, dtype, device, layout);
                                Tensor y = Conformance.tensor(vb, new int[] {3}, dtype, device, Conformance.Layout.STEPPED);
                                double[] a = x.toDoubleArray(), d = y.toDoubleArray();
                                double[] expected = new double[a.length];
                                for (int i = 0; i < a.length; i++) expected[i] = roundTo(dtype, b.ref.applyAsDouble(a[i], d[i % 3]));
                                Tensor r = b.op.apply(x, y);   // y broadcast along the rows
                                assertShape(shape, r);
                                assertClose(b.name, expected, r);
                            }));
                        }
        return tests;
    }

    private static double roundTo(DType dtype, double v) { return dtype == DType.FLOAT32 ? (float) v : v; }

    @TestFactory
    List<DynamicTest> integerDivisionsAreExact() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : List.of(DType.INT32, DType.INT64))
                for (int n : Conformance.AWKWARD_SIZES)
                    tests.add(dynamicTest(dtype + " " + n + " " + device, () -> {
                        java.util.Random random = new java.util.Random(n);
                        long[] a = new long[n], b = new long[n];
                        long bound = dtype == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                        for (int i = 0; i < n; i++) {
                            a[i] = random.nextLong(-bound, bound);
                            b[i] = i % 3 == 0 ? random.nextLong(1, 1000) * (i % 2 == 0 ? 1 : -1) : random.nextLong(-bound, bound) | 1;
                        }
                        Tensor x = Tensor.of(a).to(dtype).to(device), y = Tensor.of(b).to(dtype).to(device);
                        long[] rem = x.remainder(y).toLongArray(), fmod = x.fmod(y).toLongArray(), div = x.floorDivide(y).toLongArray();
                        for (int i = 0; i < n; i++) {
                            assertEquals(Math.floorMod(a[i], b[i]), rem[i], "remainder " + a[i] + " " + b[i]);
                            assertEquals(a[i] % b[i], fmod[i], "fmod " + a[i] + " " + b[i]);
                            assertEquals(Math.floorDiv(a[i], b[i]), div[i], "floorDivide " + a[i] + " " + b[i]);
                        }
                        assertEquals(dtype, x.remainder(y).dtype());
                    }));
        return tests;
    }

    @Test
    void integerExtremesWrapAsJava() {
        // PyTorch's CPU kernels trap (SIGFPE) on MIN / -1; Ember defines them as Java does
        for (Device device : Conformance.devices()) {
            Tensor min = Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}).to(device);
            Tensor minusOne = Tensor.of(new long[] {-1, -1}).to(device);
            assertArrayEquals(new long[] {0, 0}, min.remainder(minusOne).toLongArray());
            assertArrayEquals(new long[] {0, 0}, min.fmod(minusOne).toLongArray());
            assertArrayEquals(new long[] {Long.MIN_VALUE, -Long.MAX_VALUE}, min.floorDivide(minusOne).toLongArray());
            Tensor intMin = Tensor.of(new int[] {Integer.MIN_VALUE}).to(device);
            assertArrayEquals(new int[] {Integer.MIN_VALUE}, intMin.floorDivide(-1L).toIntArray());
            assertArrayEquals(new int[] {0}, intMin.remainder(-1L).toIntArray());
            assertArrayEquals(new long[] {Long.MIN_VALUE}, Tensor.of(new long[] {Long.MIN_VALUE}).to(device).floor().toLongArray());
        }
    }

    // ---- gradients ----

    @TestFactory
    List<DynamicTest> gradients() {
        record G(String name, java.util.function.Function<Tensor[], Tensor> f, double lo, double hi, int inputs) {}
        List<G> cases = List.of(
                new G("floor ceil round trunc", x -> x[0].floor().add(x[0].ceil()).add(x[0].round()).add(x[0].trunc()).add(x[0].mul(x[0])), 0.1, 0.4, 1),
                new G("frac", x -> x[0].frac(), 0.1, 0.9, 1),
                new G("round decimals", x -> x[0].round(2).add(x[0]), -3, 3, 1),
                new G("remainder", x -> x[0].remainder(x[1]), 0.3, 0.6, 2),
                new G("fmod", x -> x[0].neg().fmod(x[1]), 0.3, 0.6, 2),
                new G("square reciprocal", x -> x[0].square().add(x[0].reciprocal()), 0.5, 3, 1),
                new G("nanToNum", x -> x[0].nanToNum().mul(x[0]), -2, 2, 1),
                new G("lerp", x -> x[0].lerp(x[1], x[2]), -1, 1.5, 3),
                new G("lerp scalar", x -> x[0].lerp(x[1], 0.3).add(x[0].lerp(x[1], 0.8)), -2, 2, 2),
                new G("xlogy", x -> x[0].xlogy(x[1]), 0.2, 3, 2),
                new G("clamp", x -> x[0].clamp(x[1], x[2].add(1.0)), -1, 1, 3));
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (G g : cases)
                for (int n : Conformance.GRAD_SIZES)
                    tests.add(dynamicTest(g.name + " " + n + " " + device, () -> {
                        Tensor[] in = new Tensor[g.inputs];
                        for (int i = 0; i < in.length; i++) {
                            double[] v = values(n * 7L + i + g.name.hashCode(), n, g.lo, g.hi);
                            if (g.name.equals("round decimals")) {
                                for (int k = 0; k < n; k++) v[k] = Math.rint(v[k] * 100) / 100 + 0.003;   // away from the steps
                            }
                            if (g.name.equals("remainder") || g.name.equals("fmod")) {
                                for (int k = 0; k < n; k++) v[k] = i == 0 ? 3 + v[k] : v[k];   // away from the jumps of a / b
                            }
                            in[i] = Tensor.of(v).to(DType.FLOAT64).to(device);
                        }
                        assertGradients(g.name, g.f, in);
                    }));
        return tests;
    }

    @Test
    void secondOrderGradients() {
        for (Device device : Conformance.devices()) {
            Tensor a = Tensor.of(values(5, 7, 0.5, 2)).to(DType.FLOAT64).to(device);
            Tensor b = Tensor.of(values(6, 7, 0.5, 2)).to(DType.FLOAT64).to(device);
            Tensor w = Tensor.of(values(8, 7, -0.5, 1.5)).to(DType.FLOAT64).to(device);
            for (var f : List.<java.util.function.Function<Tensor[], Tensor>>of(
                    x -> x[0].square().add(x[0].reciprocal()).mul(x[1]),
                    x -> x[0].xlogy(x[1]),
                    x -> x[0].lerp(x[1], x[0].mul(x[1])),
                    x -> x[0].remainder(x[1]).mul(x[0]))) {
                GradCheck.Result r = GradCheck.checkSecondOrder(f, a, b);
                assertTrue(r.passed(), r.toString());
            }
            assertTrue(GradCheck.checkSecondOrder(x -> x[0].lerp(x[1], x[2]).square(), a, b, w).passed());
        }
    }

    // ---- dtype rules and errors ----

    @Test
    void dtypesFollowPyTorch() {
        Tensor ints = Tensor.of(new long[] {-7, 7});
        Tensor bools = Tensor.of(new boolean[] {true, false});
        assertEquals(DType.INT64, ints.floor().dtype());
        assertEquals(DType.INT64, bools.square().dtype());
        assertEquals(DType.FLOAT32, ints.reciprocal().dtype());
        assertEquals(DType.FLOAT32, ints.remainder(2.5).dtype());
        assertEquals(DType.INT32, Tensor.of(new int[] {5}).floorDivide(2L).dtype());
        assertEquals(DType.BOOL, ints.isnan().dtype());
        assertArrayEquals(new boolean[] {true, true}, ints.isfinite().toBooleanArray());
        assertArrayEquals(new boolean[] {false, false}, bools.isinf().toBooleanArray());
        assertArrayEquals(new long[] {-7, 7}, ints.nanToNum().toLongArray());
        assertEquals(DType.FLOAT32, ints.xlogy(Tensor.of(new long[] {3, 4})).dtype());
        assertEquals(DType.FLOAT64, ints.clamp(Tensor.scalar(DType.FLOAT64, 0), null).dtype());
        Tensor f = Tensor.of(new float[] {-1.5f, 0.5f});
        assertEquals(f.floor().dtype(), DType.FLOAT32);
        Tensor empty = Tensor.zeros(0, 3);
        assertArrayEquals(new int[] {0, 3}, empty.floor().shape());
        assertArrayEquals(new int[] {0, 3}, empty.remainder(Tensor.ones(3)).shape());
        assertEquals(2, Tensor.where(empty).size());
    }

    @Test
    void refusesWhatPyTorchRefuses() {
        Tensor bools = Tensor.of(new boolean[] {true, false});
        Tensor ints = Tensor.of(new long[] {-7, 7});
        assertMessage(IllegalArgumentException.class, "floor: not defined for bool", () -> bools.floor());
        assertMessage(IllegalArgumentException.class, "round: not defined for bool", () -> bools.round());
        assertMessage(IllegalArgumentException.class, "frac: expected a float32 or float64 tensor", () -> ints.frac());
        assertMessage(IllegalArgumentException.class, "round: decimals 2 needs a float", () -> ints.round(2));
        assertMessage(IllegalArgumentException.class, "remainder: not defined for two bool", () -> bools.remainder(bools));
        assertMessage(ArithmeticException.class, "remainder: integer division by zero", () -> ints.remainder(Tensor.of(new long[] {1, 0})));
        assertMessage(ArithmeticException.class, "fmod: integer division by zero", () -> ints.fmod(0L));
        assertMessage(ArithmeticException.class, "floorDivide: integer division by zero", () -> ints.floorDivide(Tensor.of(new int[] {0})));
        assertMessage(IllegalArgumentException.class, "lerp: expected end of dtype float32",
                () -> Tensor.ones(2).lerp(Tensor.ones(DType.FLOAT64, 2), 0.5));
        assertMessage(IllegalArgumentException.class, "lerp: expected weight of dtype float32",
                () -> Tensor.ones(2).lerp(Tensor.ones(2), Tensor.scalar(DType.FLOAT64, 0.5)));
        assertMessage(IllegalArgumentException.class, "lerp: expected a float32 or float64", () -> ints.lerp(ints, 0.5));
        assertMessage(IllegalArgumentException.class, "clamp: at least one of min and max", () -> ints.clamp((Tensor) null, null));
        // a float divisor of 0 is IEEE's, not an error
        assertTrue(Double.isNaN(ints.remainder(0.0).toDoubleArray()[0]));
    }

    private static void assertMessage(Class<? extends Throwable> type, String start, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage());
    }
}
