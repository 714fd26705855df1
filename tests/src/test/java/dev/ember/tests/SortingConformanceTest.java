package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.Tensor.ValuesAndIndices;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * sort, argsort, topk, kthvalue, median, mode and unique: against PyTorch 1.13's results (sorting-reference.txt,
 * written by tests/src/test/python/sorting_reference.py) in contiguous and stepped layouts, against loops written
 * here (a stable {@code Arrays.sort} of positions) at the awkward sizes in every layout, their gradients by finite
 * differences, and their errors.
 */
class SortingConformanceTest {

    /** One case of the reference file: the header's fields and the data lines by their first word. */
    record Case(String[] head, Map<String, String> args, Map<String, String> lines) {
        String op() { return head[2]; }
        DType dtype() { return DType.valueOf(head[3].toUpperCase()); }
        int[] shape() { return shapeOf(head[4]); }
        int arg(String key) { return Integer.parseInt(args.get(key)); }
        boolean flag(String key) { return Boolean.parseBoolean(args.get(key)); }
        double[] numbers(String key) { return parse(lines.get(key), key.equals("x") || key.equals("grad") ? 0 : 1); }
        int[] shapeOfLine(String key) { return shapeOf(lines.get(key).split(" ")[0]); }
        boolean indicesDefined() { return !lines.get("indices").equals("-"); }
        @Override public String toString() { return String.join(" ", head); }
    }

    static List<Case> reference() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = SortingConformanceTest.class.getResourceAsStream("sorting-reference.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] head = null;
            Map<String, String> lines = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) continue;
                if (line.startsWith("case ")) {
                    head = line.split(" ");
                    lines = new HashMap<>();
                } else if (line.equals("end")) {
                    Map<String, String> args = new HashMap<>();
                    for (int i = 5; i < head.length; i++) args.put(head[i].split("=")[0], head[i].split("=")[1]);
                    cases.add(new Case(head, args, lines));
                } else {
                    int sp = line.indexOf(' ');
                    lines.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        }
        return cases;
    }

    static int[] shapeOf(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The numbers of a data line after its first {@code skip} words. */
    static double[] parse(String line, int skip) {
        String[] w = line.split(" ");
        double[] v = new double[Math.max(0, w.length - skip)];
        for (int i = skip; i < w.length; i++) if (!w[i].isEmpty()) v[i - skip] = Double.parseDouble(w[i]);
        return w.length == skip || (w.length == skip + 1 && w[skip].isEmpty()) ? new double[0] : v;
    }

    @TestFactory
    List<DynamicTest> matchPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : reference())
            for (Device device : Conformance.devices())
                for (Conformance.Layout layout : List.of(Conformance.Layout.CONTIGUOUS, Conformance.Layout.STEPPED))
                    tests.add(dynamicTest(c + " " + layout + " " + device, () -> check(c, device, layout)));
        return tests;
    }

    private static void check(Case c, Device device, Conformance.Layout layout) {
        Tensor x = c.shape().length == 0 ? Tensor.scalar(c.dtype(), c.numbers("x")[0]).to(device)
                : Conformance.tensor(c.numbers("x"), c.shape(), c.dtype(), device, layout);
        if (c.dtype() == DType.FLOAT64 && c.lines().containsKey("grad")) x.requiresGrad(true);
        if (c.op().equals("unique")) {
            Tensor.Unique u = x.unique(true, true, true);
            assertValues(c + " values", c.numbers("values"), u.values(), false);
            assertShape(c.shapeOfLine("values"), u.values());
            assertFalse(u.values().requiresGrad(), "unique has no gradient");
            assertArrayEquals(c.numbers("inverse"), u.inverse().toDoubleArray(), c + " inverse");
            assertShape(c.shapeOfLine("inverse"), u.inverse());
            assertArrayEquals(c.numbers("counts"), u.counts().toDoubleArray(), c + " counts");
            return;
        }
        ValuesAndIndices r = switch (c.op()) {
            case "sort" -> x.sort(c.arg("dim"), c.flag("descending"));
            case "topk" -> x.topk(c.arg("k"), c.arg("dim"), c.flag("largest"), true);
            case "kthvalue" -> x.kthvalue(c.arg("k"), c.arg("dim"), c.flag("keepdim"));
            case "median" -> c.args().get("dim").equals("all") ? new ValuesAndIndices(x.median(), null)
                    : x.median(c.arg("dim"), c.flag("keepdim"));
            case "mode" -> x.mode(c.arg("dim"), c.flag("keepdim"));
            default -> throw new AssertionError(c.op());
        };
        assertShape(c.shapeOfLine("values"), r.values());
        assertEquals(c.dtype(), r.values().dtype(), c + " dtype");
        boolean defined = c.indicesDefined();
        assertValues(c + " values", c.numbers("values"), r.values(), defined);
        if (r.indices() != null) {
            assertEquals(DType.INT64, r.indices().dtype());
            assertShape(c.shapeOfLine("values"), r.indices());
            if (defined) assertArrayEquals(c.numbers("indices"), r.indices().toDoubleArray(), c + " indices");
            else assertIndicesPointAtValues(c, x, r);
        }
        if (c.op().equals("sort")) {
            assertArrayEquals(r.indices().toLongArray(), x.argsort(c.arg("dim"), c.flag("descending")).toLongArray(), "argsort");
        }
        if (x.requiresGrad() && (defined || r.indices() == null)) {
            int[] shape = r.values().shape();
            double[] w = new double[Conformance.numel(shape)];
            for (int i = 0; i < w.length; i++) w[i] = 1 + i % 5;
            r.values().mul(Tensor.of(w, shape).to(DType.FLOAT64).to(device)).sum().backward();
            Conformance.assertClose(c + " grad", c.numbers("grad"), x.grad());
        }
    }

    /** Equal elements, NaN equal to NaN; -0.0 and 0.0 told apart only where PyTorch's pick among ties is defined. */
    private static void assertValues(String what, double[] expected, Tensor actual, boolean signedZeros) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count");
        for (int i = 0; i < got.length; i++) {
            boolean same = signedZeros ? Double.compare(expected[i], got[i]) == 0
                    : expected[i] == got[i] || (Double.isNaN(expected[i]) && Double.isNaN(got[i]));
            if (!same) fail(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
        }
    }

    /** Where PyTorch's index among ties is open: each index must point at its value along the dim. */
    private static void assertIndicesPointAtValues(Case c, Tensor x, ValuesAndIndices r) {
        if (x.rank() == 0) return;
        int d = c.arg("dim") < 0 ? c.arg("dim") + x.rank() : c.arg("dim");
        boolean kept = !c.args().containsKey("keepdim") || c.flag("keepdim") || c.op().equals("topk");
        Tensor idx = kept ? r.indices() : r.indices().unsqueeze(d);
        Tensor values = kept ? r.values() : r.values().unsqueeze(d);
        Tensor picked;
        try (var s = Autograd.noGrad()) {
            picked = x.gather(d, idx);
        }
        assertValues(c + " x at indices", values.toDoubleArray(), picked, false);
    }

    // ---- against loops ----

    /** Ties, signed zeros, NaN and infinities (floats), or small integers with repeats. */
    static double[] tieValues(long seed, int n, DType dtype) {
        double[] v = Conformance.values(seed, n, -4, 4);
        for (int i = 0; i < n; i++) {
            v[i] = Math.rint(v[i]);
            if (dtype.isFloating()) {
                if (i % 11 == 3) v[i] = Double.NaN;
                if (i % 13 == 5) v[i] = -0.0;
                if (i % 17 == 7) v[i] = i % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            else v[i] += 0.0;   // rint's -0.0 is 0 in an integer tensor
            if (dtype == DType.BOOL) v[i] = v[i] > 0 ? 1 : 0;
        }
        return v;
    }

    /** PyTorch's order: NaN after every number, -0.0 equal to 0.0. */
    static int compare(double a, double b) {
        if (a < b) return -1;
        if (a > b) return 1;
        boolean na = Double.isNaN(a), nb = Double.isNaN(b);
        return na == nb ? 0 : na ? 1 : -1;
    }

    /** The positions of {@code line} in stable order: {@code Arrays.sort} of objects is a stable merge sort. */
    static int[] stableOrder(double[] line, boolean descending) {
        Integer[] order = new Integer[line.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Comparator<Integer> by = (a, b) -> compare(line[a], line[b]);
        Arrays.sort(order, descending ? (a, b) -> by.compare(b, a) : by);
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** Line {@code r} of a row-major {@code [rows, length]} array. */
    static double[] line(double[] v, int r, int length) { return Arrays.copyOfRange(v, r * length, (r + 1) * length); }

    @TestFactory
    List<DynamicTest> matchLoops() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL))
                for (int n : Conformance.AWKWARD_SIZES)
                    for (Conformance.Layout layout : Conformance.Layout.values())
                        tests.add(dynamicTest(dtype + " n=" + n + " " + layout + " " + device,
                                () -> checkLoops(dtype, n, layout, device)));
        return tests;
    }

    /** A {@code [3, n]} tensor along its last dim, and its transpose along dim 0, so lines are strided either way. */
    private static void checkLoops(DType dtype, int n, Conformance.Layout layout, Device device) {
        int rows = 3;
        double[] v = tieValues(n * 31L + dtype.ordinal(), rows * n, dtype);
        Tensor x = Conformance.tensor(v, new int[] {rows, n}, dtype, device, layout);
        for (boolean descending : new boolean[] {false, true}) {
            ValuesAndIndices s = x.sort(1, descending);
            ValuesAndIndices st = x.t().sort(0, descending);
            double[] values = new double[rows * n], indices = new double[rows * n];
            for (int r = 0; r < rows; r++) {
                double[] l = line(v, r, n);
                int[] order = stableOrder(l, descending);
                for (int k = 0; k < n; k++) {
                    values[r * n + k] = l[order[k]];
                    indices[r * n + k] = order[k];
                }
            }
            assertValues("sort values", values, s.values(), true);
            assertArrayEquals(indices, s.indices().toDoubleArray(), "sort indices");
            assertValues("sort of the transpose", values, st.values().t().contiguous(), true);
            assertArrayEquals(indices, st.indices().t().contiguous().toDoubleArray(), "sort of the transpose: indices");
            if (dtype == DType.BOOL) continue;
            int k = Math.min(n, 5);
            ValuesAndIndices top = x.topk(k, 1, descending, true);
            double[] topValues = new double[rows * k];
            for (int r = 0; r < rows; r++) System.arraycopy(values, r * n, topValues, r * k, k);
            assertValues("topk", topValues, top.values(), false);
        }
        if (dtype == DType.BOOL) {
            checkModeAndUnique(v, x, rows, n);
            return;
        }
        int kth = (n + 1) / 2;
        ValuesAndIndices kv = x.kthvalue(kth, 1, false);
        ValuesAndIndices md = x.median(1, true);
        double[] kthValues = new double[rows], medians = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] l = line(v, r, n);
            int[] order = stableOrder(l, false);
            kthValues[r] = l[order[kth - 1]];
            boolean nan = Arrays.stream(l).anyMatch(Double::isNaN);
            medians[r] = nan ? Double.NaN : l[order[(n - 1) / 2]];
        }
        assertValues("kthvalue", kthValues, kv.values(), false);
        assertValues("median", medians, md.values(), false);
        assertShape(new int[] {rows, 1}, md.values());
        double[] all = v.clone();
        int[] order = stableOrder(all, false);
        boolean anyNan = Arrays.stream(all).anyMatch(Double::isNaN);
        assertValues("median of all", new double[] {anyNan ? Double.NaN : all[order[(all.length - 1) / 2]]}, x.median(), false);
        checkModeAndUnique(v, x, rows, n);
    }

    /** mode: the most frequent, the smallest of equally frequent, its last position; each NaN on its own. */
    private static void checkModeAndUnique(double[] v, Tensor x, int rows, int n) {
        ValuesAndIndices m = x.mode(1, false);
        double[] modes = new double[rows], positions = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] l = line(v, r, n);
            int[] order = stableOrder(l, false);
            int best = 0;
            for (int start = 0, end; start < n; start = end) {
                end = start + 1;
                while (end < n && !Double.isNaN(l[order[end]]) && compare(l[order[end]], l[order[start]]) == 0) end++;
                if (end - start > best) {   // strictly more: of equally frequent values the first, the smallest
                    best = end - start;
                    modes[r] = l[order[end - 1]];
                    positions[r] = order[end - 1];   // the stable sort's last of the run: the last occurrence
                }
            }
        }
        assertValues("mode", modes, m.values(), false);
        assertArrayEquals(positions, m.indices().toDoubleArray(), "mode indices");

        Tensor.Unique u = x.unique(true, true, true);
        List<Double> distinct = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        double[] sorted = v.clone();
        int[] order = stableOrder(sorted, false);
        double[] inverse = new double[v.length];
        for (int k = 0; k < order.length; k++) {
            double value = sorted[order[k]];
            boolean same = k > 0 && compare(sorted[order[k - 1]], value) == 0 && !Double.isNaN(value);
            if (!same) {
                distinct.add(value);
                counts.add(0.0);
            }
            counts.set(counts.size() - 1, counts.getLast() + 1);
            inverse[order[k]] = distinct.size() - 1;
        }
        assertValues("unique", distinct.stream().mapToDouble(Double::doubleValue).toArray(), u.values(), false);
        assertArrayEquals(counts.stream().mapToDouble(Double::doubleValue).toArray(), u.counts().toDoubleArray(), "unique counts");
        assertArrayEquals(inverse, u.inverse().toDoubleArray(), "unique inverse");
        assertShape(x.shape(), u.inverse());
    }

    @Test
    void broadcastInputSortsEachCopy() {
        for (Device device : Conformance.devices()) {
            Tensor row = Tensor.of(new double[] {2, -1, 2, 0.5}).to(device);
            ValuesAndIndices s = row.expand(3, 4).sort(1, true);
            assertArrayEquals(new double[] {2, 2, 0.5, -1, 2, 2, 0.5, -1, 2, 2, 0.5, -1}, s.values().toDoubleArray());
            assertArrayEquals(new long[] {0, 2, 3, 1, 0, 2, 3, 1, 0, 2, 3, 1}, s.indices().toLongArray());
            ValuesAndIndices down = row.unsqueeze(1).expand(4, 2).sort(0, false);
            assertArrayEquals(new long[] {1, 1, 3, 3, 0, 0, 2, 2}, down.indices().toLongArray());
        }
    }

    // ---- gradients ----

    @TestFactory
    List<DynamicTest> gradients() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (int n : Conformance.GRAD_SIZES)
                tests.add(dynamicTest("n=" + n + " " + device, () -> {
                    // distinct values a finite difference cannot reorder: steps of 0.5, far larger than its eps
                    double[] v = new double[2 * n];
                    int[] perm = permutation(2 * n, n);
                    for (int i = 0; i < v.length; i++) v[i] = perm[i] * 0.5 - n / 2.0;
                    Tensor x = Conformance.tensor(v, new int[] {2, n}, DType.FLOAT64, device, Conformance.Layout.TRANSPOSED);
                    int k = Math.max(1, n / 2);
                    assertGradients("sort", in -> in[0].sort(1, false).values(), x);
                    assertGradients("sort descending dim 0", in -> in[0].sort(0, true).values(), x);
                    assertGradients("topk", in -> in[0].topk(k, 1, true, true).values(), x);
                    assertGradients("kthvalue", in -> in[0].kthvalue(k, 1, true).values(), x);
                    assertGradients("median", in -> in[0].median(1, false).values(), x);
                    assertGradients("median of all", in -> in[0].median(), x);
                    assertGradients("mode", in -> in[0].mode(0, false).values(), x);
                    GradCheck.Result second = GradCheck.checkSecondOrder(
                            in -> in[0].sort(1, true).values().pow(2).mul(in[0].topk(k, 1, false, true).values().sum()), x);
                    assertTrue(second.passed(), "second order through sort and topk: " + second);
                }));
        return tests;
    }

    private static int[] permutation(int n, long seed) {
        Integer[] p = new Integer[n];
        for (int i = 0; i < n; i++) p[i] = i;
        java.util.Collections.shuffle(Arrays.asList(p), new java.util.Random(seed));
        return Arrays.stream(p).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void medianOfAllSplitsItsGradientAmongTiesAsPyTorch() {
        Tensor x = Tensor.of(new double[] {3, 1, 2, 2, 5, 2}).requiresGrad(true);
        x.median().backward();
        assertArrayEquals(new double[] {0, 0, 1 / 3.0, 1 / 3.0, 0, 1 / 3.0}, x.grad().toDoubleArray(), 1e-15);
        Tensor y = Tensor.of(new double[] {Double.NaN, 1, Double.NaN}).requiresGrad(true);
        y.median().backward();
        assertArrayEquals(new double[] {0.5, 0, 0.5}, y.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void uniqueAndArgsortRecordNothing() {
        Tensor x = Tensor.of(new double[] {2, 1, 2}).requiresGrad(true);
        assertFalse(x.unique().requiresGrad());
        assertFalse(x.argsort().requiresGrad());
        Tensor.Unique u = x.unique(true, false, false);
        assertNull(u.inverse());
        assertNull(u.counts());
    }

    // ---- edges and errors ----

    @Test
    void edges() {
        Tensor scalar = Tensor.scalar(DType.FLOAT64, 4);
        assertEquals(0, scalar.sort().values().rank());
        assertEquals(0, scalar.sort(0, false).indices().item());
        assertEquals(4, scalar.topk(1).values().item());
        assertEquals(4, scalar.kthvalue(1).values().item());
        assertEquals(4, scalar.median(0, false).values().item());
        assertEquals(4, scalar.mode().values().item());
        assertArrayEquals(new double[] {4}, scalar.unique().toDoubleArray());
        Tensor empty = Tensor.zeros(DType.FLOAT32, 0, 3);
        assertShape(new int[] {0, 3}, empty.sort(1, false).values());
        assertShape(new int[] {0, 2}, empty.topk(2, 1, true, true).indices());
        assertShape(new int[] {0}, empty.median(1, false).values());
        assertShape(new int[] {0}, empty.unique());
        assertShape(new int[] {3, 0}, Tensor.zeros(3, 4).topk(0, 1, true, true).values());
        assertTrue(Double.isNaN(Tensor.zeros(0).median().item()));
        assertEquals(DType.INT32, Tensor.of(new int[] {5, 1, 3}).median().dtype());
        assertEquals(3, Tensor.of(new int[] {5, 1, 3, 4}).median().item());   // lower median
    }

    @Test
    void errorsNameTheOpAndTheSizes() {
        Tensor x = Tensor.of(new float[] {1, 2, 3});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> x.topk(4)).getMessage().contains("topk: k = 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> x.kthvalue(0)).getMessage().contains("kthvalue: k = 0"));
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> x.sort(1, false)).getMessage().contains("sort: dim 1"));
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 0).median(1, false))
                .getMessage().contains("median: dim 1 of shape [2, 0] is empty"));
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 0).mode(1, false))
                .getMessage().contains("mode: dim 1"));
        Tensor b = Tensor.of(new boolean[] {true, false});
        for (var op : List.<Runnable>of(() -> b.topk(1), () -> b.kthvalue(1), () -> b.median(), () -> b.median(0, false))) {
            assertTrue(assertThrows(IllegalArgumentException.class, op::run).getMessage().contains("bool tensors are not supported"));
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT64, 0).median());
    }
}
