package dev.ember.tests;

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
import java.util.function.Function;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Scans (cumsum, cumprod, cummax, cummin, logcumsumexp) and counting reductions (all, any, countNonzero, varMean,
 * stdMean, nansum, nanmean, bincount, histc): PyTorch 1.13's results for fixed inputs with NaN, infinities, signed
 * zeros, ties, integer wrapping and empty tensors ({@code scans.txt}, written by {@code tests/src/test/python/scans.py});
 * the scans against float64 loops at awkward sizes on contiguous, transposed, stepped and broadcast inputs;
 * gradients by finite differences, first and second order, zeros in cumprod's input included; and the errors.
 */
class ScanConformanceTest {
    private static final String CASES = "scans.txt";

    // ---- PyTorch's results ----

    record Case(String name, String op, Map<String, String> params, Map<String, Tensor> in, Map<String, Tensor> out) {}

    static List<Case> pytorchCases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var stream = ScanConformanceTest.class.getResourceAsStream(CASES)) {
            assertTrue(stream != null, CASES + " is missing: run tests/src/test/python/scans.py");
            BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            Case current = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "case" -> {
                        Map<String, String> params = new LinkedHashMap<>();
                        for (int i = 3; i < f.length; i++) {
                            String[] kv = f[i].split("=", 2);
                            params.put(kv[0], kv[1]);
                        }
                        current = new Case(f[1], f[2], params, new LinkedHashMap<>(), new LinkedHashMap<>());
                        cases.add(current);
                    }
                    case "in" -> current.in.put(f[1], parse(f));
                    case "out" -> current.out.put(f[1], parse(f));
                    default -> throw new IllegalStateException("unknown line in " + CASES + ": " + line);
                }
            }
        }
        return cases;
    }

    /** {@code in|out NAME DTYPE SHAPE v v ...} as a CPU tensor. */
    private static Tensor parse(String[] f) {
        DType dtype = DType.valueOf(f[2].toUpperCase(java.util.Locale.ROOT));
        int[] shape = f[3].equals("-") ? new int[0] : Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int n = f.length - 4;
        if (dtype == DType.INT64 || dtype == DType.INT32) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = Long.parseLong(f[4 + i]);
            return Tensor.of(v, shape).reshape(shape).to(dtype);
        }
        if (dtype == DType.BOOL) {
            boolean[] v = new boolean[n];
            for (int i = 0; i < n; i++) v[i] = f[4 + i].equals("1");
            return Tensor.of(v, shape).reshape(shape);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = number(f[4 + i]);
        return Tensor.of(v, shape).reshape(shape).to(dtype);   // of() with no shape is 1-D; the reshape makes 0-dim
    }

    private static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static int[] dims(String s) {
        return s.equals("-") ? new int[0] : Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Runs a case's op on {@code device}: its named results. */
    private static Map<String, Tensor> run(Case c, Device device) {
        Tensor x = c.in.get("x").to(device);
        Map<String, String> p = c.params;
        int dim = p.containsKey("dim") ? Integer.parseInt(p.get("dim")) : 0;
        boolean keep = "1".equals(p.get("keepdim"));
        return switch (c.op) {
            case "cumsum" -> Map.of("values", x.cumsum(dim));
            case "cumprod" -> Map.of("values", x.cumprod(dim));
            case "logcumsumexp" -> Map.of("values", x.logcumsumexp(dim));
            case "cummax", "cummin" -> {
                Tensor.ValuesAndIndices r = c.op.equals("cummax") ? x.cummax(dim) : x.cummin(dim);
                yield Map.of("values", r.values(), "indices", r.indices());
            }
            case "all" -> Map.of("values", p.containsKey("dim") ? x.all(dim, keep) : x.all());
            case "any" -> Map.of("values", p.containsKey("dim") ? x.any(dim, keep) : x.any());
            case "countNonzero" -> Map.of("values", x.countNonzero(dims(p.get("dims"))));
            case "varMean" -> {
                Tensor.VarMean r = x.varMean(dims(p.get("dims")), Integer.parseInt(p.get("correction")), keep);
                yield Map.of("var", r.var(), "mean", r.mean());
            }
            case "stdMean" -> {
                Tensor.StdMean r = x.stdMean(dims(p.get("dims")), Integer.parseInt(p.get("correction")), keep);
                yield Map.of("std", r.std(), "mean", r.mean());
            }
            case "nansum" -> Map.of("values", x.nansum(dims(p.get("dims")), keep));
            case "nanmean" -> Map.of("values", x.nanmean(dims(p.get("dims")), keep));
            case "bincount" -> {
                Tensor w = c.in.containsKey("w") ? c.in.get("w").to(device) : null;
                yield Map.of("values", x.bincount(w, Integer.parseInt(p.get("minlength"))));
            }
            case "histc" -> Map.of("values", x.histc(Integer.parseInt(p.get("bins")), Double.parseDouble(p.get("min")),
                    Double.parseDouble(p.get("max"))));
            case "grad_cumsum", "grad_cumprod", "grad_logcumsumexp", "grad_cummax", "grad_cummin" -> {
                Tensor v = x.to(DType.FLOAT64).requiresGrad(true);
                Tensor y = switch (c.op) {
                    case "grad_cumsum" -> v.cumsum(dim);
                    case "grad_cumprod" -> v.cumprod(dim);
                    case "grad_logcumsumexp" -> v.logcumsumexp(dim);
                    case "grad_cummax" -> v.cummax(dim).values();
                    default -> v.cummin(dim).values();
                };
                y.backward(c.in.get("g").to(device));
                yield Map.of("dx", v.grad());
            }
            default -> throw new IllegalStateException("unknown op " + c.op + " in " + CASES);
        };
    }

    @TestFactory
    List<DynamicTest> matchesPytorch() throws IOException {
        List<Case> cases = pytorchCases();
        assertTrue(cases.size() > 150, "only " + cases.size() + " cases in " + CASES);
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices()) {
            for (Case c : cases) {
                tests.add(dynamicTest(c.name + " " + device, () -> {
                    Map<String, Tensor> got = run(c, device);
                    for (var e : c.out.entrySet()) {
                        Tensor expected = e.getValue();
                        Tensor actual = got.get(e.getKey());
                        String what = c.name + " " + e.getKey();
                        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
                        assertShape(expected.shape(), actual);
                        if (c.op.startsWith("grad_")) {
                            assertClose(what, expected.toDoubleArray(), actual, new Conformance.Tolerance(1e-9, 1e-12));
                        } else if (expected.dtype().isFloating()) {
                            assertClose(what, expected.toDoubleArray(), actual);
                        } else {
                            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
                        }
                    }
                }));
            }
        }
        return tests;
    }

    // ---- against float64 loops ----

    /** The scan of each row along {@code dim} of a row-major {@code shape}, by {@code step(acc, element, i)}. */
    static double[] scanReference(double[] x, int[] shape, int dim, String op) {
        double[] out = new double[x.length];
        int n = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
        int outer = n == 0 ? 0 : x.length / (n * inner);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double acc = Double.NaN;
                for (int i = 0; i < n; i++) {
                    int at = (o * n + i) * inner + in;
                    double e = x[at];
                    acc = i == 0 ? e : switch (op) {
                        case "cumsum" -> acc + e;
                        case "cumprod" -> acc * e;
                        case "cummax" -> Math.max(acc, e);
                        case "cummin" -> Math.min(acc, e);
                        case "logcumsumexp" -> Math.max(acc, e) + Math.log1p(Math.exp(-Math.abs(acc - e)));
                        default -> throw new IllegalArgumentException(op);
                    };
                    out[at] = acc;
                }
            }
        }
        return out;
    }

    static Tensor apply(String op, Tensor x, int dim) {
        return switch (op) {
            case "cumsum" -> x.cumsum(dim);
            case "cumprod" -> x.cumprod(dim);
            case "cummax" -> x.cummax(dim).values();
            case "cummin" -> x.cummin(dim).values();
            case "logcumsumexp" -> x.logcumsumexp(dim);
            default -> throw new IllegalArgumentException(op);
        };
    }

    static final List<String> SCANS = List.of("cumsum", "cumprod", "cummax", "cummin", "logcumsumexp");

    @TestFactory
    List<DynamicTest> scansMatchFloat64Loops() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (String op : SCANS)
                for (DType dtype : Conformance.FLOAT_TYPES)
                    for (int n : Conformance.AWKWARD_SIZES)
                        for (Conformance.Layout layout : Conformance.Layout.values())
                            for (int[] shapeAndDim : new int[][] {{n, -1, 0}, {3, n, 1}, {n, 3, 0}, {2, n, 3, 1}}) {
                                int dim = shapeAndDim[shapeAndDim.length - 1];
                                int[] shape = Arrays.stream(shapeAndDim, 0, shapeAndDim.length - 1).filter(s -> s >= 0).toArray();
                                tests.add(dynamicTest(op + " " + dtype + " " + Arrays.toString(shape) + " dim " + dim + " "
                                        + layout + " " + device, () -> {
                                    // products of many factors stay near 1
                                    double lo = op.equals("cumprod") ? 0.99 : -2, hi = op.equals("cumprod") ? 1.01 : 2;
                                    double[] v = values(n + dim, Conformance.numel(shape), lo, hi);
                                    Tensor x = Conformance.tensor(v, shape, dtype, device, layout);
                                    Tensor y = apply(op, x, dim);
                                    assertShape(shape, y);
                                    assertEquals(dtype, y.dtype());
                                    assertClose(op, scanReference(x.toDoubleArray(), shape, dim, op), y,   // the inputs as the dtype holds them
                                            Conformance.tolerance(dtype).forSumOf(op.equals("cumsum") ? 4 : 1));
                                }));
                            }
        return tests;
    }

    @TestFactory
    List<DynamicTest> scansOfBroadcastInputs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (String op : SCANS)
                for (int dim : new int[] {0, 1, -1})
                    tests.add(dynamicTest(op + " of a broadcast row, dim " + dim + " " + device, () -> {
                        double[] row = values(3, 13, -2, 2);
                        Tensor x = Tensor.of(row, 1, 13).to(device).expand(5, 13);   // stride 0 along dim 0
                        double[] full = new double[5 * 13];
                        for (int i = 0; i < 5; i++) System.arraycopy(row, 0, full, 13 * i, 13);
                        assertClose(op, scanReference(full, new int[] {5, 13}, Math.floorMod(dim, 2), op), apply(op, x, dim));
                    }));
        return tests;
    }

    @Test
    void integerScansWidenToInt64AndExtremesKeepTheirType() {
        Tensor i32 = Tensor.of(new int[] {3, -1, 4, 1, 5}, 5);
        assertEquals(DType.INT64, i32.cumsum(0).dtype());
        assertEquals(DType.INT64, i32.cumprod(0).dtype());
        assertEquals(DType.INT64, Tensor.of(new boolean[] {true, true}).cumsum(0).dtype());
        assertEquals(DType.INT32, i32.cummax(0).values().dtype());
        assertEquals(DType.INT64, i32.cummax(0).indices().dtype());
        assertArrayEquals(new long[] {3, 2, 6, 7, 12}, i32.cumsum(0).toLongArray());
        assertArrayEquals(new long[] {3, 3, 4, 4, 5}, i32.cummax(0).values().toLongArray());
    }

    @Test
    void scansOnAZeroDimTensorAcceptDimZeroAndMinusOne() {
        Tensor s = Tensor.scalar(DType.FLOAT64, 2.5);
        for (int dim : new int[] {0, -1}) {
            assertShape(new int[0], s.cumsum(dim));
            assertEquals(2.5, s.cumprod(dim).item());
            assertEquals(0, s.cummin(dim).indices().item());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> s.cumsum(1));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.ones(2, 3).cumsum(2));
    }

    // ---- gradients ----

    record GradCase(String name, Function<Tensor[], Tensor> f, double lo, double hi, int[] shape) {}

    static List<GradCase> gradCases() {
        List<GradCase> cases = new ArrayList<>();
        for (int n : Conformance.GRAD_SIZES) {
            cases.add(new GradCase("cumsum " + n, x -> x[0].cumsum(1), -2, 2, new int[] {3, n}));
            cases.add(new GradCase("cumsum transposed " + n, x -> x[0].t().cumsum(0), -2, 2, new int[] {3, n}));
            cases.add(new GradCase("cumprod " + n, x -> x[0].cumprod(1), 0.9, 1.1, new int[] {3, n}));
            cases.add(new GradCase("cumprod dim 0 " + n, x -> x[0].cumprod(0), 0.5, 1.5, new int[] {n, 2}));
            cases.add(new GradCase("cummax " + n, x -> x[0].cummax(1).values(), -2, 2, new int[] {3, n}));
            cases.add(new GradCase("cummin " + n, x -> x[0].cummin(0).values(), -2, 2, new int[] {n, 3}));
            cases.add(new GradCase("logcumsumexp " + n, x -> x[0].logcumsumexp(1), -3, 3, new int[] {3, n}));
            cases.add(new GradCase("nansum nanmean " + n, x -> x[0].nansum(new int[] {1}, false).add(x[0].nanmean()), -2, 2, new int[] {3, n}));
            cases.add(new GradCase("varMean stdMean " + n, x -> {
                Tensor.VarMean vm = x[0].varMean(new int[] {1}, n > 1 ? 1 : 0, false);   // n - 1 = 0 would give NaN
                Tensor.StdMean sm = x[0].stdMean(new int[] {0}, 0, true);
                return vm.var().add(vm.mean()).sum().add(sm.std().mul(sm.mean()).sum());
            }, -2, 2, new int[] {3, n}));
        }
        return cases;
    }

    @TestFactory
    List<DynamicTest> gradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (GradCase c : gradCases())
                tests.add(dynamicTest(c.name + " " + device, () -> {
                    Tensor x = Tensor.of(values(c.shape[0] * 31 + c.shape[1], Conformance.numel(c.shape), c.lo, c.hi), c.shape).to(device);
                    assertGradients(c.name, c.f, x);
                }));
        return tests;
    }

    /** Rows with no zero, one zero, two zeros, a zero first and a zero last: every branch of cumprod's gradient. */
    private static Tensor withZeros(Device device) {
        return Tensor.of(new double[] {
            0.5, 1.5, -2.0, 1.2, 0.8, 1.1,
            2.0, 0.0, 3.0, 0.7, -1.5, 0.9,
            1.3, 0.0, -0.6, 0.0, 2.0, 1.4,
            0.0, 1.7, 0.6, -1.1, 1.9, 0.4,
            0.9, 1.2, -0.8, 1.6, 0.5, 0.0}, 5, 6).to(device);
    }

    @TestFactory
    List<DynamicTest> cumprodGradientWithZeros() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices()) {
            tests.add(dynamicTest("first order along rows " + device, () -> assertGradients("cumprod", x -> x[0].cumprod(1), withZeros(device))));
            tests.add(dynamicTest("first order along columns " + device, () -> assertGradients("cumprod", x -> x[0].t().cumprod(0), withZeros(device))));
            tests.add(dynamicTest("second order along rows " + device, () -> {
                GradCheck.Result r = GradCheck.checkSecondOrder(x -> x[0].cumprod(1), withZeros(device));
                assertTrue(r.passed(), "cumprod second order with zeros: " + r);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> secondOrderGradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices()) {
            List<GradCase> second = List.of(
                    new GradCase("cumsum", x -> x[0].cumsum(1).mul(x[0]), -2, 2, new int[] {3, 7}),
                    new GradCase("cumprod", x -> x[0].cumprod(1), 0.5, 1.5, new int[] {3, 7}),
                    new GradCase("cummax", x -> x[0].cummax(1).values().mul(x[0]), -2, 2, new int[] {3, 7}),
                    new GradCase("logcumsumexp", x -> x[0].logcumsumexp(1), -2, 2, new int[] {3, 7}));
            for (GradCase c : second) {
                tests.add(dynamicTest(c.name + " second order " + device, () -> {
                    Tensor x = Tensor.of(values(77, Conformance.numel(c.shape), c.lo, c.hi), c.shape).to(device);
                    GradCheck.Result r = GradCheck.checkSecondOrder(c.f, x);
                    assertTrue(r.passed(), c.name + ": " + r);
                }));
            }
        }
        return tests;
    }

    @Test
    void cumsumGradientIsAReversedCumsum() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad(true);
        x.cumsum(0).backward(Tensor.of(new double[] {1, 10, 100, 1000}));
        assertArrayEquals(new double[] {1111, 1110, 1100, 1000}, x.grad().toDoubleArray());
    }

    @Test
    void cummaxGradientGoesToTheLatestTiedPosition() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2}).requiresGrad(true);
        x.cummax(0).values().backward(Tensor.of(new double[] {1, 10, 100, 1000}));
        assertArrayEquals(new double[] {1, 10, 1100, 0}, x.grad().toDoubleArray());
    }

    // ---- counting ----

    @Test
    void allAndAnyGiveBoolAndHandleEmptyDims() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 0, 2}, 2, 2);
        assertEquals(DType.BOOL, x.all().dtype());
        assertArrayEquals(new boolean[] {true, false}, x.all(1, false).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, x.any(1, false).toBooleanArray());
        assertShape(new int[] {2, 1}, x.any(-1, true));
        Tensor empty = Tensor.zeros(3, 0);
        assertArrayEquals(new boolean[] {true, true, true}, empty.all(1, false).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false}, empty.any(1, false).toBooleanArray());
        assertShape(new int[] {0}, empty.all(0, false));
        assertTrue(Tensor.scalar(3).all(0, false).item() != 0);
    }

    @Test
    void countingReductionsAgreeWithLoops() {
        double[] v = values(5, 7 * 13, -1, 1);
        for (int i = 0; i < v.length; i += 3) v[i] = 0;
        for (int i = 1; i < v.length; i += 11) v[i] = Double.NaN;
        Tensor x = Tensor.of(v, 7, 13);
        long nonzero = Arrays.stream(v).filter(e -> e != 0).count();
        assertEquals(nonzero, (long) x.countNonzero().item());
        double nansum = Arrays.stream(v).filter(e -> !Double.isNaN(e)).sum();
        long finite = Arrays.stream(v).filter(e -> !Double.isNaN(e)).count();
        assertClose("nansum", new double[] {nansum}, x.nansum());
        assertClose("nanmean", new double[] {nansum / finite}, x.nanmean());
        assertEquals(DType.INT64, x.countNonzero(1).dtype());
        assertShape(new int[] {7}, x.countNonzero(1));
    }

    @Test
    void varMeanOnEveryDevice() {
        for (Device device : Conformance.devices()) {
            double[] v = values(9, 4 * 127, -2, 2);
            Tensor x = Tensor.of(v, 4, 127).to(device);
            Tensor.VarMean vm = x.varMean(new int[] {1}, true, false);
            double[] var = new double[4], mean = new double[4];
            for (int r = 0; r < 4; r++) {
                double s = 0;
                for (int i = 0; i < 127; i++) s += v[r * 127 + i];
                mean[r] = s / 127;
                double q = 0;
                for (int i = 0; i < 127; i++) q += (v[r * 127 + i] - mean[r]) * (v[r * 127 + i] - mean[r]);
                var[r] = q / 126;
            }
            assertClose("var", var, vm.var());
            assertClose("mean", mean, vm.mean());
            assertClose("std", Arrays.stream(var).map(Math::sqrt).toArray(), x.stdMean(new int[] {1}, 1, false).std());
        }
    }

    @Test
    void bincountAndHistcAgreeWithLoops() {
        for (Device device : Conformance.devices()) {
            long[] v = new long[1025];
            long[] counts = new long[40];
            for (int i = 0; i < v.length; i++) {
                v[i] = (i * 7919L) % 37;
                counts[(int) v[i]]++;
            }
            Tensor b = Tensor.of(v).to(device).bincount(null, 40);
            assertArrayEquals(counts, b.toLongArray());

            double[] x = values(13, 1025, -1.2, 1.2);
            double[] hist = new double[17];
            for (double e : x) {
                if (e < -1 || e > 1) continue;
                hist[Math.min(16, (int) ((e + 1) * 17 / 2))]++;
            }
            assertClose("histc", hist, Tensor.of(x).to(device).histc(17, -1, 1));
        }
    }

    @Test
    void histcLeavesNanOut() {
        // PyTorch 1.13's CPU histc counts NaN in the first bin, its CUDA histc leaves it out; Ember leaves it out
        Tensor x = Tensor.of(new float[] {Float.NaN, 0.5f, Float.NaN, 2.5f});
        assertArrayEquals(new float[] {1, 0, 0, 1}, x.histc(4, 0, 3).toFloatArray());
    }

    @Test
    void bincountWeightsAreDifferentiableAndHistcIsNot() {
        Tensor w = Tensor.of(new double[] {0.5, 1.5, 2.5}).requiresGrad(true);
        Tensor counts = Tensor.of(new long[] {2, 0, 2}).bincount(w, 0);
        counts.backward(Tensor.of(new double[] {10, 20, 30}));
        assertArrayEquals(new double[] {30, 10, 30}, w.grad().toDoubleArray());
        Tensor x = Tensor.of(new double[] {0.1, 0.2}).requiresGrad(true);
        assertTrue(!x.histc(4).requiresGrad());
    }

    // ---- errors ----

    @Test
    void errorsNameTheOpAndTheInput() {
        Tensor ints = Tensor.of(new long[] {1, 2});
        assertMessage("logcumsumexp: expected a float32 or float64 tensor, got int64", () -> ints.logcumsumexp(0));
        assertMessage("varMean: expected a float32 or float64 tensor, got int64", ints::varMean);
        assertMessage("stdMean: expected a float32 or float64 tensor, got int64", ints::stdMean);
        assertMessage("nanmean: expected a float32 or float64 tensor, got int64", ints::nanmean);
        assertMessage("histc: expected a float32 or float64 tensor, got int64", () -> ints.histc(4));
        assertMessage("bincount: the input holds the negative value -2", () -> Tensor.of(new long[] {0, -2, 2}).bincount());
        assertMessage("bincount: expected a 1-D tensor of non-negative int32 or int64 values, got float32 of shape [2]",
                () -> Tensor.of(new float[] {0, 2}).bincount());
        assertMessage("bincount: expected a 1-D tensor of non-negative int32 or int64 values, got int64 of shape [1, 2]",
                () -> Tensor.of(new long[] {0, 2}, 1, 2).bincount());
        assertMessage("bincount: expected a 1-D tensor of non-negative int32 or int64 values, got bool",
                () -> Tensor.of(new boolean[] {true}).bincount());
        assertMessage("bincount: minlength should be >= 0, got -1", () -> ints.bincount(null, -1));
        assertMessage("bincount: weights should be 1-D and as long as the input", () -> ints.bincount(Tensor.ones(3), 0));
        Tensor f = Tensor.of(new float[] {1, 2});
        assertMessage("histc: bins must be > 0, got 0", () -> f.histc(0, 0, 1));
        assertMessage("histc: max must be larger than min", () -> f.histc(4, 3, 1));
        assertMessage("histc: range of [NaN, NaN] is not finite", () -> Tensor.of(new float[] {1, Float.NaN}).histc(4));
        assertMessage("histc: range of [1.0, Infinity] is not finite", () -> Tensor.of(new float[] {1, Float.POSITIVE_INFINITY}).histc(4));
        assertMessage("cumsum: dim 2 is out of range", () -> Tensor.ones(2, 3).cumsum(2));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(start), "expected a message starting with '" + start
                + "', got: " + e.getMessage());
    }
}
