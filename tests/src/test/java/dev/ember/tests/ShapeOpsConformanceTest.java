package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.ember.tests.Conformance.assertClose;
import static dev.ember.tests.Conformance.assertGradients;
import static dev.ember.tests.Conformance.assertShape;
import static dev.ember.tests.Conformance.tensor;
import static dev.ember.tests.Conformance.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The shape and layout ops of issue 15 (flip, roll, repeat, tile, repeatInterleave, tril, triu, diag, diagonal,
 * diagEmbed, trace, movedim, swapaxes, unbind, narrowCopy, meshgrid, unfold, einsum, addmm, baddbmm, bmm, cross,
 * cdist): values and gradients against PyTorch 1.13 ({@code shape-ops.txt}, written by
 * {@code tests/src/test/python/shape_ops.py}), values against index arithmetic done here in float64 at awkward
 * sizes and on strided inputs, gradients by finite differences (second order too), views that share storage and
 * copies that do not, and the errors.
 */
class ShapeOpsConformanceTest {

    // ---- PyTorch's numbers ----

    record Input(int[] shape, String dtype, boolean grad, double[] values) {}

    record Case(String name, String op, String[] args, List<Input> inputs, int[] outShape, String outDtype, double[] out,
                double[] weight, List<double[]> grads) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Arguments> pytorchCases() {
        List<Arguments> out = new ArrayList<>();
        for (Device device : Conformance.devices()) for (Case c : readCases()) out.add(Arguments.of(c, device));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("pytorchCases")
    void agreesWithPyTorch(Case c, Device device) {
        List<Tensor> ins = new ArrayList<>();
        List<Tensor> differentiated = new ArrayList<>();
        for (Input in : c.inputs) {
            Tensor t = Tensor.of(in.values, in.shape).to(DType.valueOf(in.dtype.toUpperCase())).to(device);
            if (in.grad) {
                t.requiresGrad(true);
                differentiated.add(t);
            }
            ins.add(t);
        }
        Tensor out = apply(c.op, c.args, ins);
        assertShape(c.outShape, out);
        assertEquals(c.outDtype, out.dtype().toString(), c.name + ": dtype");
        assertClose(c.name, c.out, out);
        if (c.weight == null) return;
        Tensor w = Tensor.of(c.weight, c.outShape).to(device);
        List<Tensor> grads = Autograd.grad(out.mul(w).sum(), differentiated);
        for (int k = 0; k < grads.size(); k++) assertClose(c.name + ": gradient " + k, c.grads.get(k), grads.get(k));
    }

    private static Tensor apply(String op, String[] a, List<Tensor> in) {
        Tensor x = in.get(0);
        return switch (op) {
            case "flip" -> x.flip(ints(a[0]));
            case "roll" -> x.roll(ints(a[0]), ints(a[1]));
            case "rollFlat" -> x.roll(Integer.parseInt(a[0]));
            case "repeat" -> x.repeat(ints(a[0]));
            case "tile" -> x.tile(ints(a[0]));
            case "repeatInterleave" -> x.repeatInterleave(i(a[0]), i(a[1]));
            case "repeatInterleaveFlat" -> x.repeatInterleave(i(a[0]));
            case "repeatInterleaveTensor" -> x.repeatInterleave(in.get(1), i(a[0]));
            case "tril" -> x.tril(i(a[0]));
            case "triu" -> x.triu(i(a[0]));
            case "diag" -> x.diag(i(a[0]));
            case "diagonal" -> x.diagonal(i(a[0]), i(a[1]), i(a[2]));
            case "diagEmbed" -> x.diagEmbed(i(a[0]), i(a[1]), i(a[2]));
            case "trace" -> x.trace();
            case "movedim" -> x.movedim(ints(a[0]), ints(a[1]));
            case "narrowCopy" -> x.narrowCopy(i(a[0]), i(a[1]), i(a[2]));
            case "meshgrid" -> Tensor.stack(0, Tensor.meshgrid(a[0], in));
            case "unfold" -> x.unfold(i(a[0]), i(a[1]), i(a[2]));
            case "einsum" -> Tensor.einsum(a[0], in);
            case "addmm" -> x.addmm(in.get(1), in.get(2), d(a[0]), d(a[1]));
            case "baddbmm" -> x.baddbmm(in.get(1), in.get(2), d(a[0]), d(a[1]));
            case "bmm" -> x.bmm(in.get(1));
            case "cross" -> x.cross(in.get(1), i(a[0]));
            case "crossDefault" -> x.cross(in.get(1));
            case "linalgCross" -> x.linalgCross(in.get(1));
            case "cdist" -> Tensor.cdist(x, in.get(1), d(a[0]));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    private static int i(String s) { return Integer.parseInt(s); }

    private static double d(String s) { return parseNumber(s); }

    private static int[] ints(String s) {
        String body = s.substring(1, s.length() - 1);
        return body.isEmpty() ? new int[0] : Arrays.stream(body.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double parseNumber(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "true" -> 1;
            case "false" -> 0;
            default -> Double.parseDouble(s);
        };
    }

    private static double[] numbers(String[] w, int from) {
        double[] v = new double[w.length - from];
        for (int k = from; k < w.length; k++) v[k - from] = parseNumber(w[k]);
        return v;
    }

    static List<Case> readCases() {
        var stream = Objects.requireNonNull(ShapeOpsConformanceTest.class.getResourceAsStream("shape-ops.txt"), "shape-ops.txt");
        List<Case> cases = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            List<String[]> lines = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) if (!line.isBlank()) lines.add(line.split(" "));
            for (int k = 0; k < lines.size(); ) {
                String[] head = lines.get(k++);
                String name = "case " + head[1] + " " + String.join(" ", Arrays.copyOfRange(head, 2, head.length));
                List<Input> inputs = new ArrayList<>();
                while (lines.get(k)[0].equals("in")) {
                    String[] w = lines.get(k++);
                    inputs.add(new Input(ints(w[1]), w[2], w[3].equals("grad"), numbers(w, 4)));
                }
                String[] o = lines.get(k++);
                double[] weight = null;
                List<double[]> grads = new ArrayList<>();
                if (k < lines.size() && lines.get(k)[0].equals("weight")) weight = numbers(lines.get(k++), 1);
                while (k < lines.size() && lines.get(k)[0].equals("grad")) grads.add(numbers(lines.get(k++), 2));
                cases.add(new Case(name, head[2], Arrays.copyOfRange(head, 3, head.length), inputs, ints(o[1]), o[2],
                        numbers(o, 3), weight, grads));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    // ---- values against float64 loops, at awkward sizes and on strided inputs ----

    /** An op on a {@code [rows, n]} input, and its float64 reference computed here from the row-major values. */
    record LoopCase(String name, Function<Tensor, Tensor> op, Function<double[][], double[]> reference) {}

    private static double[][] rows(double[] v, int rows, int n) {
        double[][] r = new double[rows][n];
        for (int i = 0; i < rows; i++) System.arraycopy(v, i * n, r[i], 0, n);
        return r;
    }

    private static double[] flat(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }

    static List<LoopCase> loopCases() {
        List<LoopCase> out = new ArrayList<>();
        out.add(new LoopCase("flip both dims", x -> x.flip(0, 1), m -> {
            List<Double> v = new ArrayList<>();
            for (int i = m.length - 1; i >= 0; i--) for (int j = m[i].length - 1; j >= 0; j--) v.add(m[i][j]);
            return flat(v);
        }));
        out.add(new LoopCase("roll", x -> x.roll(new int[] {x.size(1) / 2 + 1, -1}, new int[] {1, 0}), m -> {
            int r = m.length, n = m[0].length, s = n / 2 + 1;
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < r; i++) for (int j = 0; j < n; j++) v.add(m[Math.floorMod(i + 1, r)][Math.floorMod(j - s, n)]);
            return flat(v);
        }));
        out.add(new LoopCase("repeat", x -> x.repeat(2, 1, 2), m -> {
            List<Double> v = new ArrayList<>();
            for (int t = 0; t < 2; t++) for (double[] row : m) for (int u = 0; u < 2; u++) for (double e : row) v.add(e);
            return flat(v);
        }));
        out.add(new LoopCase("repeatInterleave", x -> x.repeatInterleave(3, 1), m -> {
            List<Double> v = new ArrayList<>();
            for (double[] row : m) for (double e : row) for (int u = 0; u < 3; u++) v.add(e);
            return flat(v);
        }));
        out.add(new LoopCase("tril(1)", x -> x.tril(1), m -> {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < m.length; i++) for (int j = 0; j < m[i].length; j++) v.add(j - i <= 1 ? m[i][j] : 0.0);
            return flat(v);
        }));
        out.add(new LoopCase("triu(-1)", x -> x.triu(-1), m -> {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < m.length; i++) for (int j = 0; j < m[i].length; j++) v.add(j - i >= -1 ? m[i][j] : 0.0);
            return flat(v);
        }));
        out.add(new LoopCase("diagonal(1)", x -> x.diagonal(1, 0, 1), m -> {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < m.length && i + 1 < m[i].length; i++) v.add(m[i][i + 1]);
            return flat(v);
        }));
        out.add(new LoopCase("diagonal(-1) of the transpose", x -> x.t().diagonal(-1, 0, 1), m -> {
            List<Double> v = new ArrayList<>();
            for (int j = 0; j + 1 < m[0].length && j < m.length; j++) v.add(m[j][j + 1]);   // (t)[j+1][j] = m[j][j+1]
            return flat(v);
        }));
        out.add(new LoopCase("unfold(1, 3, 2)", x -> x.unfold(1, Math.min(3, x.size(1)), 2), m -> {
            int n = m[0].length, size = Math.min(3, n);
            List<Double> v = new ArrayList<>();
            for (double[] row : m) for (int w = 0; w * 2 + size <= n; w++) for (int k = 0; k < size; k++) v.add(row[w * 2 + k]);
            return flat(v);
        }));
        out.add(new LoopCase("einsum ij->j", x -> Tensor.einsum("ij->j", x), m -> {
            double[] v = new double[m[0].length];
            for (double[] row : m) for (int j = 0; j < row.length; j++) v[j] += row[j];
            return v;
        }));
        out.add(new LoopCase("einsum ij,kj->ik (self)", x -> Tensor.einsum("ij,kj->ik", x, x), m -> {
            double[] v = new double[m.length * m.length];
            for (int i = 0; i < m.length; i++) for (int k = 0; k < m.length; k++) for (int j = 0; j < m[0].length; j++) v[i * m.length + k] += m[i][j] * m[k][j];
            return v;
        }));
        out.add(new LoopCase("diagEmbed of rows", x -> x.diagEmbed(), m -> {
            int n = m[0].length;
            double[] v = new double[m.length * n * n];
            for (int b = 0; b < m.length; b++) for (int i = 0; i < n; i++) v[(b * n + i) * n + i] = m[b][i];
            return v;
        }));
        for (double p : new double[] {1, 2, 3, Double.POSITIVE_INFINITY}) {
            out.add(new LoopCase("cdist p=" + p + " of columns", x -> Tensor.cdist(x.t(), x.t().narrow(0, 0, 1).add(0.5), p),
                    m -> cdistRef(m, p)));
        }
        return out;
    }

    /** Distances between the columns of {@code m} (points of {@code m.length} coordinates) and column 0 plus 0.5. */
    private static double[] cdistRef(double[][] m, double p) {
        int n = m[0].length;
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (double[] row : m) {
                double diff = Math.abs(row[j] - (row[0] + 0.5));
                if (p == Double.POSITIVE_INFINITY) s = Math.max(s, diff);
                else s += Math.pow(diff, p);
            }
            v[j] = p == Double.POSITIVE_INFINITY ? s : Math.pow(s, 1 / p);
        }
        return v;
    }

    @TestFactory
    List<DynamicTest> valuesAgainstLoops() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Device device : Conformance.devices())
            for (LoopCase lc : loopCases())
                for (int n : Conformance.AWKWARD_SIZES)
                    for (DType dtype : Conformance.FLOAT_TYPES)
                        for (Conformance.Layout layout : Conformance.Layout.values()) {
                            int rows = 3;
                            tests.add(dynamicTest(lc.name + " " + dtype + " [" + rows + ", " + n + "] " + layout + " " + device, () -> {
                                double[] v = values(31L * n + rows, rows * n, -2, 2);
                                Tensor x = tensor(v, new int[] {rows, n}, dtype, device, layout);
                                Tensor y = lc.op.apply(x);
                                double[] expected = lc.reference.apply(rows(v, rows, n));
                                var tol = Conformance.tolerance(dtype);
                                if (lc.name.startsWith("cdist p=2.0") && n > 25) {
                                    // the matmul form (PyTorch's too, above 25 rows) cancels |a|^2 + |b|^2 - 2ab
                                    tol = new Conformance.Tolerance(tol.rtol() * 100, tol.atol() * 1000);
                                } else if (lc.name.startsWith("cdist") || lc.name.startsWith("einsum")) {
                                    tol = tol.forSumOf(Math.max(rows, n));
                                }
                                assertClose(lc.name, expected, y, tol);
                            }));
                        }
        return tests;
    }

    @Test
    void einsumBatchedMatmulMatchesLoops() {
        for (Device device : Conformance.devices())
            for (int n : Conformance.AWKWARD_SIZES) {
                double[] a = values(n, 2 * n * 3, -1, 1);
                double[] b = values(n + 1, 2 * 3 * 5, -1, 1);
                Tensor ta = tensor(a, new int[] {2, n, 3}, DType.FLOAT64, device, Conformance.Layout.TRANSPOSED);
                Tensor tb = tensor(b, new int[] {2, 3, 5}, DType.FLOAT64, device, Conformance.Layout.STEPPED);
                double[] expected = Reference.matmul(a, b, 2, n, 3, 5);
                assertClose("einsum bij,bjk->bik n=" + n, expected, Tensor.einsum("bij,bjk->bik", ta, tb));
                assertClose("bmm n=" + n, expected, ta.bmm(tb));
                assertClose("baddbmm n=" + n, expected, Tensor.zeros(device, DType.FLOAT64, 5).baddbmm(ta, tb));
                // the same product with the output's dims swapped and a subscript from the end of the alphabet
                Tensor swapped = Tensor.einsum("zij,zjk->kiz", ta, tb);
                assertShape(new int[] {5, n, 2}, swapped);
                assertClose("einsum kiz n=" + n, Tensor.of(expected, 2, n, 5).permute(2, 1, 0).contiguous().toDoubleArray(), swapped);
            }
    }

    @Test
    void crossMatchesLoops() {
        for (Device device : Conformance.devices())
            for (int n : Conformance.AWKWARD_SIZES) {
                double[] a = values(n, 3 * n, -2, 2);
                double[] b = values(n + 7, 3 * n, -2, 2);
                Tensor ta = tensor(a, new int[] {3, n}, DType.FLOAT64, device, Conformance.Layout.STEPPED);
                Tensor tb = tensor(b, new int[] {3, n}, DType.FLOAT64, device, Conformance.Layout.CONTIGUOUS);
                double[] expected = new double[3 * n];
                for (int j = 0; j < n; j++) {
                    double a0 = a[j], a1 = a[n + j], a2 = a[2 * n + j], b0 = b[j], b1 = b[n + j], b2 = b[2 * n + j];
                    expected[j] = a1 * b2 - a2 * b1;
                    expected[n + j] = a2 * b0 - a0 * b2;
                    expected[2 * n + j] = a0 * b1 - a1 * b0;
                }
                assertClose("cross dim 0, n=" + n, expected, ta.cross(tb, 0));
                if (n != 3) assertClose("cross default dim, n=" + n, expected, ta.cross(tb));
            }
    }

    @Test
    void meshgridAtAwkwardSizes() {
        for (Device device : Conformance.devices())
            for (int n : Conformance.AWKWARD_SIZES) {
                Tensor x = Tensor.arange(0.0, n, 1.0).to(device);
                Tensor y = Tensor.arange(0.0, 3.0, 1.0).to(device);
                List<Tensor> ij = Tensor.meshgrid("ij", x, y);
                List<Tensor> xy = Tensor.meshgrid("xy", x, y);
                assertShape(new int[] {n, 3}, ij.get(0));
                assertShape(new int[] {3, n}, xy.get(0));
                double[] gx = ij.get(0).toDoubleArray(), gy = ij.get(1).toDoubleArray();
                double[] hx = xy.get(0).toDoubleArray(), hy = xy.get(1).toDoubleArray();
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < 3; j++) {
                        assertEquals(i, gx[i * 3 + j]);
                        assertEquals(j, gy[i * 3 + j]);
                        assertEquals(i, hx[j * n + i]);
                        assertEquals(j, hy[j * n + i]);
                    }
            }
    }

    // ---- gradients ----

    /** Differentiable ops on one {@code [3, n]} input (n >= 1). */
    static List<Function<Tensor, Tensor>> gradientOps() {
        return List.of(
                x -> x.flip(1),
                x -> x.roll(new int[] {2, -1}, new int[] {1, 0}),
                x -> x.roll(5),
                x -> x.repeat(2, 3),
                x -> x.tile(2),
                x -> x.repeatInterleave(2, 1),
                x -> x.repeatInterleave(Tensor.of(new long[] {2, 0, 1}), 0),
                x -> x.tril(0),
                x -> x.triu(1),
                x -> x.diagonal(0, 1, 0),
                x -> x.diagonal(-1, 0, 1).mul(x.diagonal(0, 0, 1).narrow(0, 0, Math.min(2, x.diagonal(-1, 0, 1).size(0)))),
                x -> x.diag(1),
                x -> x.narrow(0, 0, 1).reshape(-1).diag(-1),
                x -> x.diagEmbed(1, 0, 2),
                x -> x.trace(),
                x -> x.movedim(0, 1),
                x -> x.swapaxes(0, 1).mul(x.t()),
                x -> x.unbind(0).get(2).mul(x.unbind(0).get(1)),
                x -> x.narrowCopy(0, 1, 2),
                x -> Tensor.stack(0, Tensor.meshgrid("xy", x.select(0, 0), x.select(0, 1))),
                x -> x.unfold(1, Math.min(3, x.size(1)), 1),
                x -> x.unfold(0, 2, 1).mul(x.unfold(0, 2, 1)),
                x -> Tensor.einsum("ij,kj->ik", x, x.exp()),
                x -> Tensor.einsum("ij->", x.mul(x)),
                x -> Tensor.einsum("ij,ij,ij->j", x, x, x),
                x -> x.narrow(0, 0, 2).addmm(x.narrow(0, 0, 2).narrow(1, 0, 1), x.narrow(0, 1, 1), 0.5, -1.5),
                x -> x.unsqueeze(0).bmm(x.t().unsqueeze(0)),
                x -> x.cross(x.exp(), 0),
                x -> Tensor.cdist(x.t(), x.t().narrow(0, 0, 1).add(0.3)),
                x -> Tensor.cdist(x.t(), x.t().narrow(0, 0, 1), 1.0),
                x -> Tensor.cdist(x.t(), x.t().add(0.25), 3.0),
                x -> Tensor.cdist(x.t(), x.t().narrow(0, 0, 1).add(0.1), 0.5),
                x -> Tensor.cdist(x.t(), x.t().narrow(0, 0, 1).mul(2.0), Double.POSITIVE_INFINITY));
    }

    @TestFactory
    List<DynamicTest> gradientsByFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Function<Tensor, Tensor>> ops = gradientOps();
        for (Device device : Conformance.devices())
            for (int k = 0; k < ops.size(); k++)
                for (int n : new int[] {1, 7, 13}) {
                    Function<Tensor, Tensor> op = ops.get(k);
                    int id = k;
                    tests.add(dynamicTest("op " + k + " [3, " + n + "] " + device, () -> {
                        Tensor x = tensor(values(100L * id + n, 3 * n, -2, 2), new int[] {3, n}, DType.FLOAT64, device,
                                Conformance.Layout.STEPPED);
                        assertGradients("op " + id, in -> op.apply(in[0]), x);
                    }));
                }
        return tests;
    }

    @Test
    void secondOrderGradients() {
        List<Function<Tensor, Tensor>> ops = List.of(
                x -> x.diagonal(1, 0, 1).mul(x.diagonal(1, 0, 1)),
                x -> x.unfold(1, 3, 1).exp(),
                x -> x.flip(0).roll(1, 1).mul(x),
                x -> x.repeat(2, 1).tanh(),
                x -> x.tril(0).mul(x),
                x -> x.diagEmbed().exp(),
                x -> Tensor.einsum("ij,kj->ik", x, x),
                x -> Tensor.cdist(x, x.add(0.5)),
                x -> Tensor.cdist(x, x.mul(2.0), 3.0),
                x -> x.cross(x.sin(), 0));
        for (int k = 0; k < ops.size(); k++) {
            Function<Tensor, Tensor> op = ops.get(k);
            var r = GradCheck.checkSecondOrder(in -> op.apply(in[0]), Tensor.of(values(k, 12, -1, 1), 3, 4));
            assertTrue(r.passed(), "second order of op " + k + ": " + r);
        }
    }

    @Test
    void unfoldGradientAddsUpOverlappingWindows() {
        for (Device device : Conformance.devices())
            for (int n : Conformance.AWKWARD_SIZES) {
                int size = Math.min(4, n);
                for (int step : new int[] {1, 2, 5}) {
                    Tensor x = Tensor.zeros(device, DType.FLOAT64, n).requiresGrad(true);
                    x.unfold(0, size, step).sum().backward();
                    double[] expected = new double[n];
                    for (int w = 0; w * step + size <= n; w++) for (int k = 0; k < size; k++) expected[w * step + k]++;
                    assertClose("unfold(0, " + size + ", " + step + ") gradient, n=" + n, expected, x.grad());
                }
            }
    }

    @Test
    void cdistGradientIsZeroAtZeroDistanceAndNaNStays() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        for (double p : new double[] {0.5, 1, 2, 3, Double.POSITIVE_INFINITY}) {
            Tensor d = Tensor.cdist(a, a.detach(), p);
            assertEquals(0, d.toDoubleArray()[0], "p=" + p);
            List<Tensor> g = Autograd.grad(d.diagonal().sum(), List.of(a));
            for (double v : g.get(0).toDoubleArray()) assertEquals(0, v, "gradient at zero distance, p=" + p);
        }
        Tensor nan = Tensor.of(new double[] {Double.NaN, 0}, 1, 2);
        for (double p : new double[] {0.5, 1, 2, 3, Double.POSITIVE_INFINITY}) {
            assertTrue(Double.isNaN(Tensor.cdist(nan, Tensor.zeros(DType.FLOAT64, 1, 2), p).item()), "NaN distance, p=" + p);
        }
        assertTrue(Double.isNaN(Tensor.cdist(nan.expand(30, 2), Tensor.zeros(DType.FLOAT64, 1, 2)).toDoubleArray()[0]));
    }

    // ---- views and copies ----

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor m = Tensor.zeros(3, 3);
        Tensor d = m.diagonal();
        assertSame(m.storage(), d.storage());
        d.fillInPlace(2);
        assertArrayEquals(new float[] {2, 0, 0, 0, 2, 0, 0, 0, 2}, m.toFloatArray());
        m.diagonal(1, 0, 1).fillInPlace(5);
        assertEquals(2 * 3 + 5 * 2, m.sum().item());
        Tensor x = Tensor.arange(0.0, 7.0, 1.0);
        assertSame(x.storage(), x.unfold(0, 3, 2).storage());
        assertSame(x.storage(), Tensor.meshgrid("ij", x, x).get(0).storage());
        assertSame(x.storage(), x.unbind(0).get(3).storage());
        assertSame(m.storage(), m.movedim(0, 1).storage());
        for (Tensor copy : List.of(x.flip(0), x.flip(), x.roll(0), x.roll(7, 0), x.repeat(1), x.tile(1), x.repeatInterleave(1),
                x.narrowCopy(0, 0, 7), m.diag(), x.reshape(1, 7).tril(5), Tensor.einsum("i->i", x.mul(1.0)))) {
            if (copy.numel() == 7 || copy.numel() == 3) assertNotSame(x.storage(), copy.storage());
        }
        assertArrayEquals(x.toFloatArray(), x.flip().toFloatArray());    // no dims: nothing flipped
        assertArrayEquals(x.toFloatArray(), x.roll(14).toFloatArray());
    }

    @Test
    void emptyAndEdgeShapes() {
        Tensor empty = Tensor.zeros(0, 3);
        assertShape(new int[] {0, 3}, empty.flip(0, 1));
        assertShape(new int[] {0, 3}, empty.roll(2, 0));
        assertShape(new int[] {0, 6}, empty.repeat(2, 2));
        assertShape(new int[] {0, 3}, empty.tril());
        assertShape(new int[] {0}, empty.diagonal());
        assertShape(new int[] {3, 0}, empty.t().diagonal(0, 0, 1).unsqueeze(0).expand(3, 0));
        assertShape(new int[] {0, 3}, Tensor.cdist(empty, Tensor.zeros(3, 3)));
        assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.cdist(Tensor.zeros(2, 0), Tensor.zeros(2, 0)).reshape(-1).toFloatArray());
        assertShape(new int[] {4, 0}, Tensor.arange(0.0, 7.0, 1.0).unfold(0, 0, 2));
        assertShape(new int[] {1}, Tensor.scalar(5).unfold(0, 1, 1));
        assertShape(new int[0], Tensor.scalar(5).flip(0));
        assertEquals(3.0, Tensor.einsum("ii", Tensor.eye(3)).item());
        assertEquals(0.0, Tensor.eye(2, 3, DType.FLOAT32).diagonal(5, 0, 1).sum().item());
        Tensor nan = Tensor.of(new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN}, 2, 2);
        assertArrayEquals(new float[] {Float.NaN, 0, Float.NaN, Float.NaN}, nan.tril().toFloatArray());   // zeros, not NaN * 0
        Tensor bools = Tensor.of(new boolean[] {true, true, true, true}, 2, 2);
        assertArrayEquals(new boolean[] {true, true, false, true}, bools.triu().toBooleanArray());
        assertEquals(DType.INT64, Tensor.arange(9).reshape(3, 3).to(DType.INT32).trace().dtype());
        assertEquals(DType.INT32, Tensor.einsum("ij,jk", Tensor.ones(DType.INT32, 2, 3), Tensor.ones(DType.INT32, 3, 2)).dtype());
        assertArrayEquals(new int[] {3, 3, 3, 3}, Tensor.einsum("ij,jk", Tensor.ones(DType.INT32, 2, 3), Tensor.ones(DType.INT32, 3, 2)).toIntArray());
        Tensor withNaN = Tensor.of(new float[] {Float.NaN}, 1, 1);
        assertEquals(2.0, withNaN.addmm(Tensor.ones(1, 2), Tensor.ones(2, 1), 0, 1).item());   // beta = 0 does not read the input
    }

    // ---- errors ----

    @Test
    void errorsNameTheOpAndShapes() {
        Tensor m = Tensor.ones(2, 3);
        assertMessage("bmm", "[2, 3]", () -> m.bmm(m.t()));
        assertMessage("bmm", "[2, 2, 3]", () -> Tensor.ones(2, 2, 3).bmm(Tensor.ones(1, 3, 2)));
        assertMessage("cross", "no dim of size 3", () -> Tensor.ones(2, 4).cross(Tensor.ones(2, 4)));
        assertMessage("cross", "size 3", () -> Tensor.ones(3, 4).linalgCross(Tensor.ones(3, 4)));
        assertMessage("cdist", "p must be >= 0", () -> Tensor.cdist(m, m, -1));
        assertMessage("cdist", "columns", () -> Tensor.cdist(m, Tensor.ones(2, 2)));
        assertMessage("cdist", "float", () -> Tensor.cdist(m.to(DType.INT64), m));
        assertMessage("unfold", "size 8", () -> Tensor.ones(7).unfold(0, 8, 2));
        assertMessage("unfold", "step", () -> Tensor.ones(7).unfold(0, 3, 0));
        assertMessage("einsum", "operand 0", () -> Tensor.einsum("ij", Tensor.ones(2)));
        assertMessage("einsum", "operands were given", () -> Tensor.einsum("ij,jk", m));
        assertMessage("einsum", "output subscript j", () -> Tensor.einsum("i->j", Tensor.ones(2)));
        assertMessage("einsum", "more than once", () -> Tensor.einsum("i->ii", Tensor.ones(2)));
        assertMessage("einsum", "sizes don't match", () -> Tensor.einsum("iij->j", Tensor.ones(2, 3, 4)));
        assertMessage("einsum", "does not broadcast", () -> Tensor.einsum("ij,jk", m, Tensor.ones(2, 4)));
        assertMessage("meshgrid", "same dtype", () -> Tensor.meshgrid("ij", Tensor.arange(2), Tensor.ones(3)));
        assertMessage("meshgrid", "indexing", () -> Tensor.meshgrid("ji", Tensor.ones(2)));
        assertMessage("meshgrid", "[2, 2]", () -> Tensor.meshgrid("xy", Tensor.ones(2, 2)));
        assertMessage("repeat", "fewer", () -> m.repeat(2));
        assertMessage("repeatInterleave", "negative", () -> m.repeatInterleave(Tensor.of(new long[] {-1, 2}), 0));
        assertMessage("repeatInterleave", "int32 or int64", () -> m.repeatInterleave(Tensor.of(new float[] {1, 2}), 0));
        assertMessage("repeatInterleave", "must match", () -> m.repeatInterleave(Tensor.of(new long[] {1, 2, 3}), 0));
        assertMessage("tril", "[3]", () -> Tensor.ones(3).tril());
        assertMessage("diag", "[2, 2, 2]", () -> Tensor.ones(2, 2, 2).diag());
        assertMessage("diagonal", "must differ", () -> m.diagonal(0, 1, 1));
        assertMessage("trace", "[2, 3, 4]", () -> Tensor.ones(2, 3, 4).trace());
        assertMessage("flip", "more than once", () -> m.flip(0, -2));
        assertMessage("roll", "pair up", () -> m.roll(new int[] {1}, new int[] {0, 1}));
        assertMessage("movedim", "more than once", () -> Tensor.ones(2, 3, 4).movedim(new int[] {0, 0}, new int[] {2, 1}));
        assertMessage("addmm", "matrices", () -> Tensor.ones(3).addmm(Tensor.ones(2), Tensor.ones(2, 3)));
        assertMessage("addmm", "broadcast", () -> Tensor.ones(3, 3).addmm(Tensor.ones(2, 2), Tensor.ones(2, 3)));
    }

    private static void assertMessage(String op, String part, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().startsWith(op + ":") && e.getMessage().contains(part), "message: " + e.getMessage());
    }
}
