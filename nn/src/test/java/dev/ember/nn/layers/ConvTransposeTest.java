package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Transposed convolution against PyTorch 1.13 (conv-transpose.txt, written by nn/src/test/python/conv_transpose.py:
 * values and the gradients of sum(y * sin(0.11 i)) for input, weight and bias), finite differences in float64,
 * and the layer's shape, initialisation and refusals.
 */
class ConvTransposeTest {
    /** A PyTorch case: shapes and settings as in the script's CASES. */
    record Case(String name, int[] xs, int[] ws, boolean bias, int[] stride, int[] padding, int[] outputPadding, int groups,
                int[] dilation) {
        boolean twoD() { return xs.length == 4; }

        Tensor apply(Tensor x, Tensor w, Tensor b) {
            return twoD() ? x.convTranspose2d(w, b, stride, padding, outputPadding, groups, dilation)
                    : x.convTranspose1d(w, b, stride[0], padding[0], outputPadding[0], groups, dilation[0]);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("t2a", new int[] {2, 4, 3, 3}, new int[] {4, 3, 4, 4}, true, p(2, 2), p(1, 1), p(0, 0), 1, p(1, 1)),
            new Case("t2b", new int[] {1, 4, 3, 4}, new int[] {4, 3, 3, 2}, true, p(2, 3), p(1, 0), p(1, 2), 2, p(1, 1)),
            new Case("t2c", new int[] {2, 2, 4, 3}, new int[] {2, 2, 3, 3}, true, p(1, 2), p(1, 1), p(1, 1), 1, p(2, 1)),
            new Case("t2d", new int[] {1, 3, 2, 2}, new int[] {3, 2, 2, 3}, false, p(3, 3), p(2, 2), p(2, 2), 1, p(2, 2)),
            new Case("t1a", new int[] {2, 4, 5}, new int[] {4, 2, 3}, true, new int[] {2}, new int[] {1}, new int[] {1}, 2, new int[] {2}),
            new Case("t1b", new int[] {1, 2, 6}, new int[] {2, 3, 4}, true, new int[] {1}, new int[] {2}, new int[] {2}, 1, new int[] {3}));

    static int[] p(int h, int w) { return new int[] {h, w}; }

    static Map<String, double[]> reference() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ConvTransposeTest.class.getResourceAsStream("conv-transpose.txt"), "conv-transpose.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] parts = line.trim().split(" ");
                out.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }

    static Tensor wave(Function<Tensor, Tensor> fn, double scale, double shift, int... shape) {
        int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        return fn.apply(Tensor.arange(n).to(DType.FLOAT64).mul(scale).add(shift)).reshape(shape);
    }

    @Test
    void functionalFormMatchesPyTorchValuesAndGradients() throws IOException {
        Map<String, double[]> ref = reference();
        for (Case c : CASES) {
            Tensor x = wave(Tensor::sin, 0.37, 0, c.xs()).requiresGrad(true);
            Tensor w = wave(Tensor::cos, 0.53, 0, c.ws()).requiresGrad(true);
            Tensor b = c.bias() ? wave(Tensor::sin, 1.3, 0.2, c.ws()[1] * c.groups()).requiresGrad(true) : null;
            Tensor y = c.apply(x, w, b);
            assertArrayEquals(Arrays.stream(ref.get(c.name() + ".out_shape")).mapToInt(v -> (int) v).toArray(), y.shape(), c.name());
            assertArrayEquals(ref.get(c.name() + ".out"), y.toDoubleArray(), 1e-12, c.name() + " values");
            y.mul(wave(Tensor::sin, 0.11, 0, y.shape())).sum().backward();
            assertArrayEquals(ref.get(c.name() + ".grad_x"), x.grad().toDoubleArray(), 1e-12, c.name() + " input gradient");
            assertArrayEquals(ref.get(c.name() + ".grad_w"), w.grad().toDoubleArray(), 1e-12, c.name() + " weight gradient");
            if (b != null) assertArrayEquals(ref.get(c.name() + ".grad_b"), b.grad().toDoubleArray(), 1e-12, c.name() + " bias gradient");
        }
    }

    @Test
    void layersMatchPyTorchWithItsWeightLayoutAndKeys() throws IOException {
        Map<String, double[]> ref = reference();
        Case c2 = CASES.get(1), c1 = CASES.get(4);
        ConvTranspose2d two = ConvTranspose2d.builder(4, 6, new int[] {3, 2}).stride(2, 3).padding(1, 0).outputPadding(1, 2).groups(2).build();
        ConvTranspose1d one = new ConvTranspose1d(4, 4, 3, 2, 1, 1, 2, true, 2);
        assertEquals(List.of("weight", "bias"), List.copyOf(two.stateDict().keySet()));
        assertArrayEquals(c2.ws(), two.weight().value().shape());
        assertArrayEquals(c1.ws(), one.weight().value().shape());
        for (var pair : List.of(Map.entry(c2, (dev.ember.nn.Module) two), Map.entry(c1, (dev.ember.nn.Module) one))) {
            Case c = pair.getKey();
            var layer = pair.getValue().to(DType.FLOAT64);
            layer.loadStateDict(Map.of("weight", wave(Tensor::cos, 0.53, 0, c.ws()), "bias", wave(Tensor::sin, 1.3, 0.2, c.ws()[1] * c.groups())));
            Tensor y = layer.forward(wave(Tensor::sin, 0.37, 0, c.xs()));
            assertArrayEquals(ref.get(c.name() + ".out"), y.toDoubleArray(), 1e-12, c.name());
        }
    }

    /** One backend call (the convolution's input gradient), whose gradients are the other two convolution kernels. */
    @Test
    void runsAsTheConvolutionInputGradient() {
        Tensor x = Tensor.randn(DType.FLOAT64, 1, 2, 3, 3).requiresGrad(true);
        Tensor w = Tensor.randn(DType.FLOAT64, 2, 3, 4, 4).requiresGrad(true);
        Tensor y = x.convTranspose2d(w, null, 2, 1);
        assertEquals("conv2dBackwardInput", y.gradFnName());
        assertArrayEquals(new int[] {1, 3, 6, 6}, y.shape());
        // the same numbers as the input gradient of the convolution that this one reverses
        Tensor x2 = Tensor.zeros(DType.FLOAT64, 1, 3, 6, 6).requiresGrad(true);
        List<Tensor> g = Autograd.grad(x2.conv2d(w.detach(), null, 2, 1), List.of(x2), x.detach(), false, false);
        assertArrayEquals(g.get(0).toDoubleArray(), y.toDoubleArray(), 0);
    }

    /**
     * The 2-D cases' first order runs on every device in ConvolutionConformanceTest; here the 1-D ones, and second
     * order on small cases of both paths (output padding below the stride, and of a stride or more).
     */
    @Test
    void gradientsMatchFiniteDifferencesToSecondOrder() {
        for (Case c : List.of(CASES.get(4), CASES.get(5))) {
            GradCheck.Result first = GradCheck.check(in -> c.apply(in[0], in[1], in[2]), Tensor.randn(DType.FLOAT64, c.xs()),
                    Tensor.randn(DType.FLOAT64, c.ws()), Tensor.randn(DType.FLOAT64, c.ws()[1] * c.groups()));
            assertTrue(first.passed(), c.name() + ": " + first);
        }
        List<Case> small = List.of(
                new Case("below the stride", new int[] {1, 2, 2, 2}, new int[] {2, 1, 2, 2}, false, p(2, 1), p(1, 0), p(1, 0), 2, p(1, 2)),
                new Case("a stride or more", new int[] {1, 1, 2, 2}, new int[] {1, 2, 2, 2}, false, p(1, 2), p(1, 0), p(1, 1), 1, p(2, 2)),
                new Case("1-D", new int[] {1, 1, 3}, new int[] {1, 2, 2}, false, new int[] {1}, new int[] {1}, new int[] {2}, 1, new int[] {3}));
        for (Case c : small) {
            GradCheck.Result second = GradCheck.checkSecondOrder(in -> c.apply(in[0], in[1], null).tanh(),
                    Tensor.randn(DType.FLOAT64, c.xs()), Tensor.randn(DType.FLOAT64, c.ws()));
            assertTrue(second.passed(), c.name() + " second order: " + second);
        }
    }

    @Test
    void outputSizeFollowsPyTorchsFormula() {
        // (H - 1) s - 2p + d (k - 1) + outputPadding + 1
        assertEquals(14, ConvTranspose2d.outputSize(7, 4, 2, 1, 0, 1));
        assertEquals(28, ConvTranspose2d.outputSize(14, 4, 2, 1, 0, 1));
        assertEquals(8, ConvTranspose2d.outputSize(4, 3, 2, 1, 1, 1));
        assertEquals(9, ConvTranspose2d.outputSize(4, 3, 1, 1, 1, 3));
        ConvTranspose2d up = new ConvTranspose2d(3, 2, 3, 2, 1);
        assertArrayEquals(new int[] {5, 2, 9, 11}, up.forward(Tensor.randn(5, 3, 5, 6)).shape());
    }

    @Test
    void initialisesAsPyTorchFromTheOutputFanIn() {
        // PyTorch's fan-in of a [in, out/groups, kH, kW] weight is out/groups * kH * kW
        ConvTranspose2d layer = ConvTranspose2d.builder(8, 6, 3).groups(2).generator(new dev.ember.Generator(3)).build();
        double bound = 1 / Math.sqrt(3 * 9);
        for (double v : layer.weight().value().toDoubleArray()) assertTrue(Math.abs(v) <= bound, "weight " + v);
        for (double v : layer.bias().value().toDoubleArray()) assertTrue(Math.abs(v) <= bound, "bias " + v);
        double max = Arrays.stream(layer.weight().value().toDoubleArray()).map(Math::abs).max().orElseThrow();
        assertTrue(max > 0.8 * bound, "the weights fill their range: " + max);
        assertArrayEquals(new int[] {8, 3, 3, 3}, layer.weight().value().shape());
        assertNull(new ConvTranspose2d(8, 6, 3, 2, 1, false).bias());
        assertNull(ConvTranspose1d.builder(8, 6, 3).bias(false).build().bias());
        assertEquals("ConvTranspose2d(8, 6, kernel=3, stride=2, padding=1, outputPadding=1, bias=false)",
                ConvTranspose2d.builder(8, 6, 3).stride(2).padding(1).outputPadding(1).bias(false).build().toString().trim());
    }

    @Test
    void refusesOutputPaddingOfBothStrideAndDilationAsPyTorch() {
        assertEquals("ConvTranspose2d: outputPadding must be smaller than either stride or dilation, got outputPadding 2, stride 2, dilation 1",
                assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(2, 2, 3, 2, 1, 2, 1, true, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose1d(2, 2, 3, 1, 0, 1, 1, true, 1));
        new ConvTranspose1d(2, 2, 3, 1, 0, 1, 1, true, 2);   // below the dilation: allowed
        Tensor x = Tensor.randn(1, 2, 4, 4), w = Tensor.randn(2, 2, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.convTranspose2d(w, null, p(2, 2), p(0, 0), p(2, 0), 1, p(2, 1)));
        assertTrue(e.getMessage().startsWith("convTranspose2d: outputPadding must be >= 0 and smaller than either stride or dilation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.convTranspose2d(Tensor.randn(3, 2, 3, 3), null, 1, 0));
        assertEquals("convTranspose2d: input [1, 2, 4, 4] has 2 channels but weight [3, 2, 3, 3] expects 3 (which must divide into 1 groups)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(3, 2, 3).forward(x));
        assertTrue(e.getMessage().contains("[N, 3, H, W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.convTranspose2d(w, null, 1, 3));   // output 4 - 6 + 3 = 0 rows
    }

    @Test
    void convLayersTakeABiasFlagAndSettingsByName() {
        assertNull(new Conv2d(3, 4, 3, 1, 1, false).bias());
        assertNull(new Conv1d(3, 4, 3, 1, 1, false).bias());
        Conv2d conv = Conv2d.builder(4, 8, 3).stride(2).padding(1).groups(2).bias(false).build();
        assertEquals("Conv2d(4, 8, kernel=3, stride=2, padding=1, groups=2, bias=false)", conv.toString().trim());
        assertArrayEquals(new int[] {8, 2, 3, 3}, conv.weight().value().shape());
        Conv1d c1 = Conv1d.builder(4, 8, 5).dilation(2).biasInit(Init.zeros()).build();
        assertArrayEquals(new double[8], c1.bias().value().toDoubleArray());
        assertEquals("Conv2d(1, 2, kernel=(3, 1))", Conv2d.builder(1, 2, 3).kernel(3, 1).build().toString().trim());
    }
}
