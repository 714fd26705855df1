package dev.ember.tests;

import dev.ember.GradCheck;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.InterpolationMode;
import dev.ember.PaddingMode;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The indexing, padding and resampling family (issue 15): indexAdd, indexCopy, indexFill, maskedScatter,
 * takeAlongDim, unfold/fold, pixelShuffle/pixelUnshuffle, interpolate and pad, against PyTorch 1.13's values and
 * gradients (index-resample-ops.txt, written by tests/src/test/python/index_resample_ops.py), against float64 loops
 * in {@link ResampleReference} at awkward sizes, and by GradCheck.
 */
class IndexResampleConformanceTest {

    // ---- PyTorch's numbers ----

    /** One case of the resource file: the op, its arguments, inputs, PyTorch's output and gradients. */
    record Case(String name, String op, Map<String, String> args, Map<String, Input> inputs, int[] outShape, double[] out,
                Map<String, double[]> grads) {}

    record Input(DType dtype, int[] shape, boolean grad, double[] values) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        var stream = IndexResampleConformanceTest.class.getResourceAsStream("index-resample-ops.txt");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String name = null, op = null;
            Map<String, String> args = new LinkedHashMap<>();
            Map<String, Input> inputs = new LinkedHashMap<>();
            Map<String, double[]> grads = new LinkedHashMap<>();
            int[] outShape = null;
            double[] out = null;
            for (String line = r.readLine(); ; line = r.readLine()) {
                if (line == null || line.isBlank()) {
                    if (name != null) cases.add(new Case(name, op, args, inputs, outShape, out, grads));
                    if (line == null) break;
                    name = null;
                    args = new LinkedHashMap<>();
                    inputs = new LinkedHashMap<>();
                    grads = new LinkedHashMap<>();
                    continue;
                }
                String[] halves = line.split(" = ", 2);
                String[] head = halves[0].split(" ");
                switch (head[0]) {
                    case "case" -> name = line.substring(5);
                    case "op" -> op = head[1];
                    case "arg" -> args.put(head[1], head[2]);
                    case "in" -> inputs.put(head[1], new Input(DType.valueOf(head[2].toUpperCase()), shape(head[3]),
                            head.length > 4, numbers(halves[1])));
                    case "out" -> {
                        outShape = shape(head[1]);
                        out = numbers(halves[1]);
                    }
                    case "grad" -> grads.put(head[1], numbers(halves[1]));
                    default -> throw new IllegalStateException("unknown line: " + line);
                }
            }
        }
        return cases;
    }

    private static int[] shape(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : ints(inner);
    }

    private static int[] ints(String s) { return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray(); }

    private static double[] numbers(String s) {
        String t = s.trim();
        return t.isEmpty() ? new double[0] : Arrays.stream(t.split(" ")).mapToDouble(IndexResampleConformanceTest::number).toArray();
    }

    /** A number as Python prints it ({@code nan}, {@code inf}, {@code -inf} included). */
    private static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The Ember call for a case. */
    static Tensor run(Case c, Map<String, Tensor> in) {
        Map<String, String> a = c.args();
        Tensor x = in.get("x");
        return switch (c.op()) {
            case "indexAdd" -> x.indexAdd(Integer.parseInt(a.get("dim")), in.get("index"), in.get("source"), number(a.get("alpha")));
            case "indexCopy" -> x.indexCopy(Integer.parseInt(a.get("dim")), in.get("index"), in.get("source"));
            case "indexFill" -> x.indexFill(Integer.parseInt(a.get("dim")), in.get("index"), number(a.get("value")));
            case "maskedScatter" -> x.maskedScatter(in.get("mask"), in.get("source"));
            case "takeAlongDim" -> a.get("dim").equals("none") ? x.takeAlongDim(in.get("indices"))
                    : x.takeAlongDim(in.get("indices"), Integer.parseInt(a.get("dim")));
            case "unfold" -> x.unfold(ints(a.get("kernel")), ints(a.get("dilation")), ints(a.get("padding")), ints(a.get("stride")));
            case "fold" -> x.fold(ints(a.get("size")), ints(a.get("kernel")), ints(a.get("dilation")), ints(a.get("padding")),
                    ints(a.get("stride")));
            case "pixelShuffle" -> x.pixelShuffle(Integer.parseInt(a.get("factor")));
            case "pixelUnshuffle" -> x.pixelUnshuffle(Integer.parseInt(a.get("factor")));
            case "interpolate" -> {
                InterpolationMode mode = InterpolationMode.valueOf(a.get("mode"));
                boolean align = a.get("align").equals("1");
                yield a.containsKey("size") ? x.interpolate(ints(a.get("size")), mode, align)
                        : x.interpolate(Arrays.stream(a.get("scale").split(",")).mapToDouble(Double::parseDouble).toArray(), mode, align);
            }
            case "pad" -> {
                PaddingMode mode = PaddingMode.valueOf(a.get("mode"));
                yield mode == PaddingMode.CONSTANT ? x.pad(ints(a.get("pad")), number(a.get("value")))
                        : x.pad(ints(a.get("pad")), mode);
            }
            default -> throw new IllegalStateException("unknown op " + c.op());
        };
    }

    /** The weights r of L = sum(out * r) that the script differentiates: exact in every float type. */
    static double[] lossWeights(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = ((5 * i + 3) % 17 - 8) / 8.0;
        return r;
    }

    @TestFactory
    List<DynamicTest> matchesPytorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (Case c : cases())
                for (Conformance.Layout layout : Conformance.Layout.values())
                    tests.add(dynamicTest(c.name() + " " + layout + " " + device, () -> {
                        Map<String, Tensor> in = new LinkedHashMap<>();
                        for (var e : c.inputs().entrySet()) {
                            Input i = e.getValue();
                            Tensor t = i.shape().length == 0 ? Tensor.of(i.values()).to(i.dtype()).to(device).reshape()
                                    : i.dtype() == DType.BOOL ? Tensor.of(bools(i.values()), i.shape()).to(device)
                                    : e.getKey().equals("x") ? Conformance.tensor(i.values(), i.shape(), i.dtype(), device, layout)
                                    : Tensor.of(i.values(), i.shape()).to(i.dtype()).to(device);
                            in.put(e.getKey(), i.grad() ? t.requiresGrad(true) : t);
                        }
                        Tensor out = run(c, in);
                        assertShape(c.outShape(), out);
                        Input x = c.inputs().get("x");
                        assertEquals(x.dtype(), out.dtype(), "dtype");
                        // float32 interpolation sums up to 16 rounded products, in an order that may differ from PyTorch's
                        assertClose(c.name(), c.out(), out, Conformance.tolerance(out.dtype()).forSumOf(16));
                        if (c.grads().isEmpty()) return;
                        Tensor r = Tensor.of(lossWeights(Math.toIntExact(out.numel())), out.shape()).to(out.dtype()).to(device);
                        out.mul(r).sum().backward();
                        for (var g : c.grads().entrySet()) {
                            assertClose(c.name() + " grad " + g.getKey(), g.getValue(), in.get(g.getKey()).grad(),
                                    Conformance.tolerance(out.dtype()).forSumOf(16));
                        }
                    }));
        return tests;
    }

    private static boolean[] bools(double[] v) {
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i] != 0;
        return b;
    }

    // ---- float64 loops at awkward sizes ----

    @TestFactory
    List<DynamicTest> matchesLoops() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : Conformance.FLOAT_TYPES)
                for (int n : Conformance.AWKWARD_SIZES)
                    tests.add(dynamicTest(dtype + " n=" + n + " " + device, () -> {
                        var tol = Conformance.tolerance(dtype).forSumOf(16);
                        // PyTorch computes float32 source positions in float32: up to |src| * 2^-23 pixels off the exact
                        // position (about 2.5e-4 at 2000), times a slope of up to 4 between neighbours
                        var interpolationTol = dtype == DType.FLOAT32 ? new Conformance.Tolerance(1e-5, 1e-3) : tol;
                        int[] xs = {2, 3, n};
                        double[] v = values(n, 6 * n, -2, 2);
                        Tensor x = Conformance.tensor(v, xs, dtype, device, Conformance.Layout.STEPPED);
                        // index updates along the awkward dim
                        long[] idx = IndexingConformanceTest.indices(n + 1, Math.max(1, n / 2), n);
                        Tensor index = Tensor.of(idx).to(device);
                        double[] src = values(n + 2, 6 * idx.length, -1, 1);
                        Tensor source = Tensor.of(src, 2, 3, idx.length).to(dtype).to(device);
                        assertClose("indexAdd", ResampleReference.indexAdd(v, xs, idx, src, 0.5, false), x.indexAdd(2, index, source, 0.5), tol);
                        if (distinct(idx)) {
                            assertClose("indexCopy", ResampleReference.indexAdd(v, xs, idx, src, 1, true), x.indexCopy(2, index, source), tol);
                        }
                        // pad: the awkward dim last
                        for (PaddingMode mode : PaddingMode.values()) {
                            int l = Math.min(3, n - 1), r = Math.min(2, n - 1);
                            int[] pad = {l, r};
                            Tensor padded = mode == PaddingMode.CONSTANT ? x.pad(pad, 1.5) : x.pad(pad, mode);
                            assertClose("pad " + mode, ResampleReference.pad1d(v, xs, l, r, mode, 1.5), padded, tol);
                        }
                        // interpolate: [1, 2, 3, n] to [1, 2, 5, m]
                        Tensor img = x.unsqueeze(0);
                        int[] is = {1, 2, 3, n};
                        for (int m : new int[] {1, Math.max(1, n / 2), n, 2 * n + 3}) {
                            for (InterpolationMode mode : List.of(InterpolationMode.NEAREST, InterpolationMode.NEAREST_EXACT,
                                    InterpolationMode.BILINEAR, InterpolationMode.BICUBIC)) {
                                for (boolean align : mode == InterpolationMode.BILINEAR || mode == InterpolationMode.BICUBIC
                                        ? new boolean[] {false, true} : new boolean[] {false}) {
                                    assertClose("interpolate " + mode + " to " + m + " align " + align,
                                            ResampleReference.interpolate2d(v, is, 5, m, mode, align),
                                            img.interpolate(new int[] {5, m}, mode, align), interpolationTol);
                                }
                            }
                        }
                        // unfold and fold of [2, 3, 3, n] with a kernel that fits
                        Tensor planes = Conformance.tensor(values(n + 3, 18 * n, -2, 2), new int[] {2, 3, 3, n}, dtype, device,
                                Conformance.Layout.TRANSPOSED);
                        double[] pv = values(n + 3, 18 * n, -2, 2);
                        int[] ps = {2, 3, 3, n};
                        int[] k = {2, Math.min(3, n)}, d = {1, n >= 7 ? 2 : 1}, p = {1, 1}, s = {1, n >= 7 ? 3 : 1};
                        Tensor cols = planes.unfold(k, d, p, s);
                        assertClose("unfold", ResampleReference.unfold(pv, ps, k, d, p, s), cols, tol);
                        double[] cv = values(n + 4, Math.toIntExact(cols.numel()), -1, 1);
                        Tensor c = Tensor.of(cv, cols.shape()).to(dtype).to(device);
                        assertClose("fold", ResampleReference.fold(cv, cols.shape(), new int[] {3, n}, k, d, p, s),
                                c.fold(new int[] {3, n}, k, d, p, s), tol);
                    }));
        return tests;
    }

    private static boolean distinct(long[] idx) { return Arrays.stream(idx).distinct().count() == idx.length; }

    // ---- gradients ----

    @Test
    void gradients() {
        Tensor x = Tensor.randn(DType.FLOAT64, 3, 4);
        Tensor idx = Tensor.of(new long[] {2, 0, 2});
        assertGradients("indexAdd", in -> in[0].indexAdd(0, idx, in[1], -1.5), x, Tensor.randn(DType.FLOAT64, 3, 4));
        assertGradients("indexCopy", in -> in[0].indexCopy(1, Tensor.of(new long[] {3, 1}), in[1]), x, Tensor.randn(DType.FLOAT64, 3, 2));
        assertGradients("indexFill", in -> in[0].indexFill(1, idx, 2), x);
        Tensor mask = Tensor.of(new boolean[] {true, false, false, true});
        assertGradients("maskedScatter", in -> in[0].maskedScatter(mask, in[1]), x, Tensor.randn(DType.FLOAT64, 10));
        assertGradients("takeAlongDim", in -> in[0].takeAlongDim(Tensor.of(new long[] {1, 1, 0}, 3, 1).expand(3, 2), 1), x);
        Tensor img = Tensor.randn(DType.FLOAT64, 2, 2, 5, 6);
        int[] k = {3, 2}, d = {1, 2}, p = {1, 0}, s = {2, 1};
        assertGradients("unfold", in -> in[0].unfold(k, d, p, s), img);
        assertGradients("fold", in -> in[0].fold(new int[] {5, 6}, k, d, p, s), img.unfold(k, d, p, s).detach());
        assertGradients("pixelShuffle", in -> in[0].pixelShuffle(2), Tensor.randn(DType.FLOAT64, 1, 8, 2, 3));
        assertGradients("pixelUnshuffle", in -> in[0].pixelUnshuffle(2), Tensor.randn(DType.FLOAT64, 1, 2, 4, 2));
        Tensor small = Tensor.randn(DType.FLOAT64, 1, 2, 4, 5);
        for (InterpolationMode mode : List.of(InterpolationMode.NEAREST, InterpolationMode.NEAREST_EXACT, InterpolationMode.BILINEAR,
                InterpolationMode.BICUBIC)) {
            for (boolean align : mode.ordinal() >= InterpolationMode.BILINEAR.ordinal() ? new boolean[] {false, true} : new boolean[] {false}) {
                assertGradients("interpolate " + mode + " up", in -> in[0].interpolate(new int[] {7, 9}, mode, align), small);
                assertGradients("interpolate " + mode + " down", in -> in[0].interpolate(new int[] {3, 2}, mode, align), small);
            }
        }
        assertGradients("interpolate linear", in -> in[0].interpolate(new double[] {2.5}, InterpolationMode.LINEAR, false),
                Tensor.randn(DType.FLOAT64, 2, 1, 6));
        assertGradients("interpolate trilinear", in -> in[0].interpolate(new int[] {3, 4, 2}, InterpolationMode.TRILINEAR, true),
                Tensor.randn(DType.FLOAT64, 1, 1, 2, 3, 3));
        for (PaddingMode mode : PaddingMode.values()) {
            assertGradients("pad " + mode, in -> mode == PaddingMode.CONSTANT ? in[0].pad(new int[] {2, -1, 1, 3}, 4.0)
                    : in[0].pad(new int[] {3, 2, -1, 2}, mode), small);
        }
    }

    @Test
    void secondOrderGradients() {
        Tensor small = Tensor.randn(DType.FLOAT64, 1, 1, 4, 5);
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> t.interpolate(new int[] {6, 3}, InterpolationMode.BICUBIC, false),
                t -> t.interpolate(new int[] {7, 8}, InterpolationMode.BILINEAR, true),
                t -> t.pad(new int[] {2, 1, 1, 2}, PaddingMode.REFLECT),
                t -> t.unfold(new int[] {2, 3}, new int[] {1}, new int[] {1}, new int[] {1}),
                t -> t.indexAdd(3, Tensor.of(new long[] {4, 4}), t.narrow(3, 0, 2)));
        for (var f : ops) {
            // f is linear, so its own second derivative is zero: square it to make the gradient depend on x
            GradCheck.Result r = GradCheck.checkSecondOrder(in -> {
                Tensor y = f.apply(in[0]);
                return y.mul(y);
            }, small);
            assertTrue(r.passed(), "second order: " + r);
        }
    }

    // ---- in place, dtypes, edges and errors ----

    @Test
    void inPlaceForms() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 2);
        Tensor same = x.indexAddInPlace(0, Tensor.of(new long[] {1, 1}), Tensor.ones(DType.FLOAT64, 2, 2), 2);
        assertSame(x, same);
        assertArrayEquals(new double[] {0, 0, 4, 4, 0, 0}, x.toDoubleArray());
        x.indexCopyInPlace(1, Tensor.of(new long[] {0}), Tensor.full(DType.FLOAT64, 7, 3, 1));
        assertArrayEquals(new double[] {7, 0, 7, 4, 7, 0}, x.toDoubleArray());
        x.indexFillInPlace(0, Tensor.of(new long[] {-1}), -1);
        assertArrayEquals(new double[] {7, 0, 7, 4, -1, -1}, x.toDoubleArray());
        x.maskedScatterInPlace(x.eq(0.0), Tensor.of(new double[] {8, 9}));
        assertArrayEquals(new double[] {7, 8, 7, 4, -1, -1}, x.toDoubleArray());
        // recorded: the gradient flows to the source and not to the overwritten part of the old value
        Tensor w = Tensor.randn(DType.FLOAT64, 3, 2).requiresGrad(true);
        Tensor src = Tensor.randn(DType.FLOAT64, 3, 1).requiresGrad(true);
        Tensor y = w.mul(2.0);
        y.indexCopyInPlace(1, Tensor.of(new long[] {1}), src);
        y.sum().backward();
        assertArrayEquals(new double[] {2, 0, 2, 0, 2, 0}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, src.grad().toDoubleArray());
        Tensor leaf = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> leaf.indexFillInPlace(0, Tensor.of(new long[] {0}), 1));
    }

    @Test
    void resultsAreNewTensorsEvenWhenNothingChanges() {
        Tensor x = Tensor.randn(1, 1, 3, 4).requiresGrad(true);
        Tensor padded = x.pad(new int[] {0, 0}, 0.0);
        assertNotSame(x, padded);
        assertTrue(padded.requiresGrad());
        assertNotSame(x, x.interpolate(new int[] {3, 4}, InterpolationMode.NEAREST));
        assertNotSame(x, x.pixelShuffle(1));
    }

    @Test
    void emptyAndIntegerInputs() {
        Tensor x = Tensor.zeros(DType.INT64, 2, 3);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, x.indexAdd(0, Tensor.zeros(DType.INT64, 0), Tensor.zeros(DType.INT64, 0, 3)).toLongArray());
        assertEquals(DType.INT64, x.indexFill(0, Tensor.of(new long[] {1}), 3).dtype());
        assertArrayEquals(new int[] {2, 0, 5}, Tensor.zeros(2, 0, 3).pad(new int[] {1, 1}, 0.0).shape());
        assertArrayEquals(new int[] {2, 3, 0}, Tensor.zeros(2, 3, 4).pad(new int[] {-2, -2}, 0.0).shape());
        assertArrayEquals(new int[] {2, 3, 0}, Tensor.zeros(2, 3, 0).takeAlongDim(Tensor.zeros(DType.INT64, 2, 3, 1), 1).shape());
        Tensor bools = Tensor.of(new boolean[] {true, false, true, false}, 1, 4, 1, 1);
        assertArrayEquals(new boolean[] {true, false, true, false}, bools.pixelShuffle(2).toBooleanArray());
        assertEquals(0, Tensor.zeros(0, 3).maskedScatter(Tensor.of(new boolean[] {true, true, false}), Tensor.zeros(0)).numel());
    }

    @Test
    void errorsNameTheOpAndShapes() {
        Tensor x = Tensor.zeros(3, 4);
        assertMessage(() -> x.indexAdd(0, Tensor.of(new long[] {3}), Tensor.zeros(1, 4)), "indexAdd: index 3 is out of range");
        assertMessage(() -> x.indexAdd(0, Tensor.of(new long[] {-1}), Tensor.zeros(1, 4)), "indexAdd: index -1 is out of range");
        assertMessage(() -> x.indexAdd(0, Tensor.of(new long[] {0, 1}), Tensor.zeros(1, 4)), "needs [2, 4]");
        assertMessage(() -> x.indexAdd(0, Tensor.of(new long[] {0}), Tensor.zeros(DType.FLOAT64, 1, 4)), "same dtype");
        assertMessage(() -> x.indexCopy(0, Tensor.of(new float[] {0}), Tensor.zeros(1, 4)), "index must be int32 or int64");
        assertMessage(() -> x.indexFill(1, Tensor.of(new long[] {4}), 0), "indexFill: index 4 is out of range");
        assertMessage(() -> x.indexFill(1, Tensor.of(new long[] {0}, 1, 1), 0), "0-dim or 1-D");
        assertMessage(() -> x.maskedScatter(Tensor.ones(DType.BOOL, 4), Tensor.zeros(11)), "selects 12 elements");
        assertMessage(() -> x.maskedScatter(Tensor.ones(4), Tensor.zeros(12)), "mask must be bool");
        assertMessage(() -> x.takeAlongDim(Tensor.zeros(DType.INT64, 4), 1), "same number of dims");
        assertMessage(() -> x.takeAlongDim(Tensor.zeros(DType.INT64, 2, 1), 1), "do not broadcast in dim 0");
        assertMessage(() -> x.takeAlongDim(Tensor.of(new long[] {4}, 1, 1), 1), "out of range");
        Tensor img = Tensor.zeros(1, 2, 5, 6);
        assertMessage(() -> img.unfold(new int[] {7}, new int[] {1}, new int[] {0}, new int[] {1}), "both must be at least 1");
        assertMessage(() -> img.unfold(new int[] {2}, new int[] {1}, new int[] {-1}, new int[] {1}), "padding must be non-negative");
        assertMessage(() -> img.unfold(new int[] {2}, new int[] {1}, new int[] {0}, new int[] {0}), "stride must be positive");
        assertMessage(() -> img.to(DType.INT64).unfold(new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}), "float32 or float64");
        assertMessage(() -> Tensor.zeros(1, 12, 20).fold(new int[] {5, 7}, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}),
                "has 4 x 6 blocks");
        assertMessage(() -> Tensor.zeros(1, 5, 20).fold(new int[] {5, 6}, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}),
                "divisible by the 4 kernel taps");
        assertMessage(() -> Tensor.zeros(1, 6, 1, 1).pixelShuffle(2), "divisible by the square");
        assertMessage(() -> Tensor.zeros(8, 1).pixelShuffle(2), "at least 3 dims");
        assertMessage(() -> Tensor.zeros(1, 1, 3, 4).pixelUnshuffle(2), "divisible by the downscale factor");
        assertMessage(() -> img.interpolate(new int[] {3}, InterpolationMode.NEAREST), "2 spatial dims but 1 output sizes");
        assertMessage(() -> img.interpolate(new int[] {3, 3}, InterpolationMode.NEAREST, true), "alignCorners can only be set");
        assertMessage(() -> img.interpolate(new int[] {3, 3}, InterpolationMode.LINEAR), "LINEAR needs a 3-D input");
        assertMessage(() -> img.interpolate(new double[] {0.1, 1}, InterpolationMode.BILINEAR, false), "sizes must be positive");
        assertMessage(() -> img.to(DType.INT64).interpolate(new int[] {3, 3}, InterpolationMode.NEAREST), "float32 or float64");
        assertMessage(() -> img.pad(new int[] {1, 2, 3}, 0.0), "even length");
        assertMessage(() -> img.pad(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0.0), "pad 5 dims");
        assertMessage(() -> img.pad(new int[] {-4, -3}, 0.0), "crops 7 elements");
        assertMessage(() -> img.pad(new int[] {6, 0, 0, 0}, PaddingMode.REFLECT), "less than the dim's size 6");
        assertMessage(() -> img.pad(new int[] {7, 0, 0, 0}, PaddingMode.CIRCULAR), "wrap around more than once");
        assertMessage(() -> img.pad(new int[] {1, 1, 1, 1, 1, 1}, PaddingMode.CIRCULAR), "needs a 5-D input");
        assertMessage(() -> img.pad(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, PaddingMode.REPLICATE), "1 to 3 dims");
        assertMessage(() -> Tensor.zeros(5).pad(new int[] {1, 1}, PaddingMode.REPLICATE), "needs a 2-D or 3-D input");
    }

    private static void assertMessage(Runnable r, String part) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        assertFalse(e instanceof IllegalStateException, "a bad argument is not an illegal state: " + e);
    }
}
