package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Semantics at the edges that follow PyTorch 1.13 (issue 15): NaN through relu and its gradient, pow's special values
 * and masked gradients, 0-dim tensors in type promotion, arithmetic on bools, Java boolean and long scalars, empty and
 * 0-dim reductions. The reference numbers come from tests/src/test/python/semantics.py (semantics.txt); the PyTorch
 * results quoted inline were checked with Debian's python3-torch 1.13.
 */
class PyTorchSemanticsTest {

    /** semantics.txt's lines by kind (the first word). */
    private static final Map<String, List<String[]>> REFERENCE = load();

    private static Map<String, List<String[]>> load() {
        Map<String, List<String[]>> out = new HashMap<>();
        try (var in = PyTorchSemanticsTest.class.getResourceAsStream("semantics.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The numbers of a {@code name=v,v,...} field. */
    private static double[] field(String[] line, String name) {
        for (String f : line) {
            if (f.startsWith(name + "=")) {
                return Arrays.stream(f.substring(name.length() + 1).split(",")).mapToDouble(PyTorchSemanticsTest::number).toArray();
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + String.join(" ", line));
    }

    private static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static DType dtype(String name) { return DType.valueOf(name.toUpperCase(java.util.Locale.ROOT)); }

    private static void refused(Executable call, String... parts) {
        Exception e = assertThrows(RuntimeException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
    }

    // ---- relu, leakyRelu, elu at NaN, infinities and signed zeros ----

    /** relu(NaN) was 0 and its gradient 0; PyTorch: NaN, and the incoming gradient (threshold_backward: x <= 0 ? 0 : g). */
    @Test
    void reluFamilyMatchesPyTorchAtEdgeValues() {
        for (String[] line : REFERENCE.get("unary")) {
            String op = line[1];
            DType dt = dtype(line[2]);
            double param = Double.parseDouble(line[3]);
            double[] x = field(line, "x");
            Function<Tensor, Tensor> f = switch (op) {
                case "relu" -> Tensor::relu;
                case "leakyRelu" -> t -> t.leakyRelu(param);
                case "elu" -> t -> t.elu(param);
                default -> throw new IllegalArgumentException(op);
            };
            for (Device device : Conformance.devices()) {
                for (Conformance.Layout layout : Conformance.Layout.values()) {   // the SIMD rows and the strided loop
                    String what = op + "(" + param + ") " + dt + " " + layout + " on " + device;
                    Tensor in = Conformance.tensor(x, new int[] {1, x.length}, dt, device, layout).requiresGrad(true);
                    Tensor out = f.apply(in);
                    Conformance.assertClose(what, field(line, "out"), out);
                    if (op.equals("relu")) assertSameZeroSigns(what, field(line, "out"), out);   // relu(-0) is -0
                    out.sum().backward();
                    Conformance.assertClose(what + " gradient", field(line, "grad"), in.grad());
                }
            }
        }
    }

    private static void assertSameZeroSigns(String what, double[] expected, Tensor actual) {
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            if (expected[i] == 0) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
                        what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    /** The relu gradient at a NaN input passes an infinite incoming gradient, and zero stays zero below 0. */
    @Test
    void reluGradientMasksInsteadOfMultiplying() {
        Tensor x = Tensor.of(new double[] {-1, Double.NaN, 2}).requiresGrad(true);
        x.relu().backward(Tensor.of(new double[] {Double.POSITIVE_INFINITY, 1, 1}));
        assertArrayEquals(new double[] {0, 1, 1}, x.grad().toDoubleArray());   // PyTorch: [0, 1, 1] (g * step gave NaN)
    }

    // ---- pow ----

    /** Java's Math.pow(1, NaN) and pow(-1, ±inf) are NaN; PyTorch's are 1, and its gradients are masked. */
    @Test
    void powAndItsGradientsMatchPyTorchOnEdgeValues() {
        for (String[] line : REFERENCE.get("pow")) {
            DType dt = dtype(line[1]);
            double[] a = field(line, "a");
            double[] b = field(line, "b");
            for (Device device : Conformance.devices()) {
                for (Conformance.Layout layout : Conformance.Layout.values()) {
                    String what = "pow " + dt + " " + layout + " on " + device;
                    Tensor ta = Conformance.tensor(a, new int[] {1, a.length}, dt, device, layout).requiresGrad(true);
                    Tensor tb = Conformance.tensor(b, new int[] {1, b.length}, dt, device, layout).requiresGrad(true);
                    Tensor out = ta.pow(tb);
                    Conformance.assertClose(what, field(line, "out"), out);
                    out.sum().backward();
                    Conformance.assertClose(what + " d/da", field(line, "grada"), ta.grad());
                    Conformance.assertClose(what + " d/db", field(line, "gradb"), tb.grad());
                }
            }
        }
    }

    /** A learnable exponent on ReLU outputs: the zeros made its gradient NaN (0 * log 0); PyTorch masks them to 0. */
    @Test
    void aLearnableExponentOnReluOutputsGetsAFiniteGradient() {
        Tensor p = Tensor.scalar(DType.FLOAT64, 1.5).requiresGrad(true);
        Tensor h = Tensor.of(new double[] {-1, 0, 2, 3}).relu();
        h.pow(p).sum().backward();
        // PyTorch: 2^1.5 ln 2 + 3^1.5 ln 3
        assertEquals(Math.pow(2, 1.5) * Math.log(2) + Math.pow(3, 1.5) * Math.log(3), p.grad().item(), 1e-12);
        Tensor x = Tensor.of(new double[] {0, 2}).requiresGrad(true);
        x.pow(0.0).sum().backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());   // PyTorch: [0, 0] (0 * 0^-1 was NaN)
    }

    @Test
    void powGradientsStillPassGradCheckAwayFromTheMasks() {
        Tensor a = Tensor.of(new double[] {0.5, 1.5, 2.5, 0.7}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {-1.5, 0.5, 2, 3}).requiresGrad(true);
        Conformance.assertGradients("pow", in -> in[0].pow(in[1]), a, b);
        dev.ember.GradCheck.Result second = dev.ember.GradCheck.checkSecondOrder(in -> in[0].pow(in[1]), a, b);
        assertTrue(second.passed(), "pow second order: " + second);
    }

    // ---- type promotion ----

    /** {@code torch.result_type} for every pair of dtypes, each as a tensor with dims or a 0-dim tensor. */
    @Test
    void promotionMatchesTorchResultType() {
        List<String> wrong = new ArrayList<>();
        for (String[] line : REFERENCE.get("result_type")) {
            DType a = dtype(line[1]);
            DType b = dtype(line[2]);
            Tensor x = Tensor.ones(a, line[3].equals("1") ? new int[0] : new int[] {2});
            Tensor y = Tensor.ones(b, line[4].equals("1") ? new int[0] : new int[] {2});
            DType expected = dtype(line[5]);
            Tensor cond = Tensor.of(new boolean[] {true, false});
            for (var r : List.of(Map.entry("add", x.add(y)), Map.entry("maximum", x.maximum(y)), Map.entry("mul", x.mul(y)),
                    Map.entry("where", Tensor.where(cond, x, y)))) {
                if (r.getValue().dtype() != expected) {
                    wrong.add(r.getKey() + "(" + a + (line[3].equals("1") ? " 0-dim" : "") + ", " + b
                            + (line[4].equals("1") ? " 0-dim" : "") + ") is " + r.getValue().dtype() + ", PyTorch " + expected);
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " results differ:\n" + String.join("\n", wrong));
    }

    @Test
    void aZeroDimTensorPromotesLikeAScalar() {
        Tensor i32 = Tensor.of(new int[] {1, 2});
        Tensor sum = i32.add(Tensor.scalar(DType.INT64, 3L));
        assertEquals(DType.INT32, sum.dtype());   // PyTorch: int32
        assertArrayEquals(new int[] {4, 5}, sum.toIntArray());
        assertEquals(DType.FLOAT32, Tensor.of(new float[] {1}).mul(Tensor.scalar(DType.FLOAT64, 2)).dtype());
        assertEquals(DType.FLOAT64, i32.add(Tensor.scalar(DType.FLOAT64, 0.5)).dtype());   // a higher category wins
        assertEquals(DType.INT64, Tensor.scalar(DType.INT32, 2).add(Tensor.scalar(DType.INT64, 3L)).dtype());
        // the gradient of a float64 0-dim used with a float32 tensor comes back float64
        Tensor s = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
        Tensor.of(new float[] {1, 2}).mul(s).sum().backward();
        assertEquals(DType.FLOAT64, s.grad().dtype());
        assertEquals(3.0, s.grad().item());
    }

    @Test
    void arithmeticOnBoolsStaysBool() {
        Tensor t = Tensor.of(new boolean[] {true, true, false, false});
        Tensor u = Tensor.of(new boolean[] {true, false, true, false});
        // PyTorch: add and maximum are a logical or, mul and minimum a logical and, all bool
        for (var r : List.of(Map.entry(t.add(u), new boolean[] {true, true, true, false}),
                Map.entry(t.maximum(u), new boolean[] {true, true, true, false}),
                Map.entry(t.mul(u), new boolean[] {true, false, false, false}),
                Map.entry(t.minimum(u), new boolean[] {true, false, false, false}))) {
            assertEquals(DType.BOOL, r.getKey().dtype());
            assertArrayEquals(r.getValue(), r.getKey().toBooleanArray());
        }
        assertArrayEquals(new boolean[] {true, true, true, false}, t.copy().addInPlace(u).toBooleanArray());
        // PyTorch: "Subtraction, the `-` operator, with two bool tensors is not supported"
        refused(() -> t.sub(u), "sub", "bool", "logicalNot", "logicalXor");
        refused(() -> Tensor.of(new long[] {1, 2}).sub(Tensor.of(new boolean[] {true, false})), "sub", "bool");
        refused(() -> t.rsub(1.0), "sub", "bool");
        assertEquals(DType.FLOAT32, t.div(u).dtype());
        assertEquals(DType.INT64, t.add(2L).dtype());
    }

    @Test
    void javaBooleansAreScalarsOfTheTensorsType() {
        Tensor ints = Tensor.of(new int[] {3, 0});
        assertEquals(DType.INT32, ints.add(true).dtype());   // PyTorch: int32
        assertArrayEquals(new int[] {4, 1}, ints.add(true).toIntArray());
        assertArrayEquals(new float[] {0, 0}, Tensor.of(new float[] {1.5f, 2}).mul(false).toFloatArray());
        Tensor flags = Tensor.of(new boolean[] {true, false});
        assertEquals(DType.BOOL, flags.add(true).dtype());
        assertArrayEquals(new boolean[] {true, true}, flags.add(true).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, flags.eq(true).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, flags.gt(false).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, flags.ne(true).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, ints.lt(true).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, ints.le(true).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, ints.ge(false).toBooleanArray());
    }

    // ---- Java long scalars past 2^53 ----

    @Test
    void longScalarsPastTwoToThe53AreExactThroughEveryOp() {
        long big = (1L << 53) + 1;   // a double rounds it to 2^53
        Tensor t = Tensor.of(new long[] {0, 1, -1});
        assertArrayEquals(new long[] {big, big + 1, big - 1}, t.add(big).toLongArray());
        assertArrayEquals(new long[] {-big, 1 - big, -1 - big}, t.sub(big).toLongArray());
        assertArrayEquals(new long[] {0, big, -big}, t.mul(big).toLongArray());
        Tensor b = Tensor.scalar(DType.INT64, big);
        assertArrayEquals(new long[] {big}, b.toLongArray());
        assertArrayEquals(new long[] {big, big, big}, t.maximum(b).toLongArray());
        assertArrayEquals(new long[] {big, big, big}, b.maximum(t).toLongArray());
        assertArrayEquals(new long[] {-big, -big, -big}, t.minimum(b.mul(-1L)).toLongArray());
        assertArrayEquals(new long[] {big, 1, big}, Tensor.where(Tensor.of(new boolean[] {true, false, true}), b, t).toLongArray());
        Tensor near = Tensor.of(new long[] {big - 1, big, big + 1});
        assertArrayEquals(new boolean[] {false, true, false}, near.eq(big).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, near.ne(big).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false}, near.lt(big).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, near.le(big).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, near.gt(big).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true}, near.ge(big).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, Tensor.of(new int[] {Integer.MAX_VALUE, 0}).lt(3_000_000_000L).toBooleanArray());
        assertArrayEquals(new long[] {big, big}, Tensor.full(DType.INT64, big, 2).toLongArray());
        assertArrayEquals(new long[] {big, big, big}, t.copy().fillInPlace(big).toLongArray());
        assertArrayEquals(new long[] {big, 1, -1}, t.maskedFill(Tensor.of(new boolean[] {true, false, false}), big).toLongArray());
        assertArrayEquals(new long[] {Long.MIN_VALUE}, Tensor.full(DType.INT64, Long.MIN_VALUE, 1).toLongArray());
        // what an int32 tensor cannot hold is refused, as with the double overloads
        refused(() -> Tensor.full(DType.INT32, 3_000_000_000L, 2), "full", "3000000000", "int32", "[2]");
        refused(() -> Tensor.of(new int[] {1}).fillInPlace(1L << 40), "fillInPlace", "int32");
        assertEquals(DType.FLOAT32, Tensor.full(DType.FLOAT32, 3L, 2).dtype());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new boolean[] {false, false}).maskedFill(Tensor.of(new boolean[] {true, false}), 2L).toBooleanArray());
    }

    // ---- reductions: empty dims, 0-dim tensors, names ----

    @Test
    void logsumexpOverAnEmptyDimIsMinusInfinity() {
        assertEquals(Double.NEGATIVE_INFINITY, Tensor.zeros(0).logsumexp(new int[] {0}, false).item());   // PyTorch: -inf
        Tensor r = Tensor.zeros(DType.FLOAT64, 2, 0).logsumexp(new int[] {1}, true);
        Conformance.assertShape(new int[] {2, 1}, r);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, r.toDoubleArray());
        Conformance.assertShape(new int[] {0}, Tensor.zeros(0, 3).logsumexp(new int[] {1}, false));
    }

    /** Each reduction names itself when it meets an empty dim (logsumexp's and max()'s said "max", argmax's too). */
    @Test
    void reductionsNameThemselvesInTheirMessages() {
        Tensor empty = Tensor.zeros(2, 0);
        refused(() -> empty.amax(new int[] {1}, false), "amax:", "dim 1", "[2, 0]");
        refused(() -> empty.amin(new int[] {1}, false), "amin:");
        refused(() -> empty.max(), "max:");
        refused(() -> empty.min(), "min:");
        refused(() -> empty.max(1, false), "max:");
        refused(() -> empty.min(1, false), "min:");
        refused(() -> empty.argmax(1, false), "argmax:");
        refused(() -> empty.argmin(), "argmin:");
        refused(() -> empty.norm(Double.POSITIVE_INFINITY, new int[] {1}, false), "norm:");
        refused(() -> Tensor.scalar(1).sum(1), "sum:", "dim 1");
    }

    /** PyTorch takes dim -1 or 0 on a 0-dim tensor for reductions and softmax. */
    @Test
    void reductionsTakeDimZeroOrMinusOneOnAZeroDimTensor() {
        Tensor s = Tensor.scalar(DType.FLOAT64, 3).requiresGrad(true);
        assertEquals(3.0, s.sum(0).item());
        assertEquals(0, s.sum(0).rank());
        assertEquals(3.0, s.sum(-1, true).item());
        assertEquals(3.0, s.mean(-1).item());
        assertEquals(3.0, s.prod(new int[] {0}, false).item());
        assertEquals(3.0, s.amax(new int[] {-1}, false).item());
        assertEquals(3.0, s.logsumexp(new int[] {0}, false).item(), 1e-15);
        assertEquals(1.0, s.softmax(0).item());
        assertEquals(0.0, s.logSoftmax(-1).item());
        assertEquals(0, s.argmax(0, false).item());
        assertEquals(DType.INT64, s.argmin(-1, true).dtype());
        Tensor.ValuesAndIndices m = s.max(0, false);
        assertEquals(3.0, m.values().item());
        assertEquals(0, m.indices().item());
        assertEquals(0, m.values().rank());
        s.softmax(0).add(s.sum(0)).add(m.values()).backward();
        assertEquals(2.0, s.grad().item());   // softmax of one element is constant
        refused(() -> s.sum(new int[] {0, -1}, false), "sum", "twice");
        refused(() -> s.softmax(1), "softmax", "dim 1");
        refused(() -> s.argmax(-2, false), "argmax", "dim -2");
    }
}
