package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ConvTest {
    /** {@code sin(arange(n) * scale)} (or cos), float64, the inputs the PyTorch references were computed on. */
    static Tensor wave(boolean sin, double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        Tensor t = Tensor.arange(n).to(DType.FLOAT64).mul(scale);
        return (sin ? t.sin() : t.cos()).reshape(shape);
    }

    static void assertClose(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], tol, "element " + i);
    }

    @Test
    void reproducesSeed000sWorkedExample() {
        // seed 000: N=3, F=3, P=1, S=2, C=M=1 gives N' = (3 - 3 + 2*1)/2 + 1 = 2 and Y = [[-125, -5], [-149, -10]]
        assertEquals(2, Conv2d.outputSize(3, 3, 1, 2));
        Conv2d conv = new Conv2d(1, 1, 3, 2, 1, 1, 1, false);
        conv.loadStateDict(Map.of("weight", Tensor.of(new float[] {0, 0, 1, 0, -1, 0, 1, 0, 0}, 1, 1, 3, 3)));
        Tensor x = Tensor.of(new float[] {125, 15, 30, 250, 25, 2, 174, 255, 10}, 1, 1, 3, 3);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {-125, -5, -149, -10}, y.toFloatArray());
    }

    @Test
    void outputSizeFollowsTheFormulaAndSaysWhenTheWindowDoesNotFit() {
        assertEquals(26, Conv2d.outputSize(28, 3, 0, 1));
        assertEquals(28, Conv2d.outputSize(28, 3, 1, 1));
        assertEquals(14, Conv2d.outputSize(28, 2, 0, 2));
        assertEquals(3, Conv2d.outputSize(7, 3, 0, 2));
        assertEquals(24, Conv2d.outputSize(28, 3, 0, 1, 2));   // dilated kernel spans 5
        assertEquals(0, Conv2d.outputSize(2, 3, 0, 1));
        assertEquals(-1, Conv2d.outputSize(1, 4, 0, 2));   // rounded down, not towards zero
    }

    @Test
    void parameterCountIsFSquaredTimesCTimesMPlusM() {
        int f = 5, c = 3, m = 16;
        Conv2d conv = new Conv2d(c, m, f);
        assertEquals((long) f * f * c * m + m, conv.parameterCount());
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.stateDict().keySet()));
        assertArrayEquals(new int[] {m, c, f, f}, conv.weight().value().shape());
        assertEquals((long) f * c * m + m, new Conv1d(c, m, f).parameterCount());
        assertEquals((long) f * f * c * m, new Conv2d(c, m, f, 1, 0, 1, 1, false).parameterCount());
    }

    @Test
    void conv2dMatchesPyTorchWithStridePaddingDilationAndGroups() {
        Conv2d conv = new Conv2d(2, 4, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2,
                Init.zeros(), Init.zeros(), new Generator(0));
        conv.to(DType.FLOAT64);
        conv.loadStateDict(Map.of("weight", wave(false, 0.53, 4, 1, 3, 2), "bias", Tensor.of(new double[] {0.1, -0.2, 0.3, -0.4}, 4)));
        Tensor y = conv.forward(wave(true, 0.37, 2, 2, 4, 4));
        assertArrayEquals(new int[] {2, 4, 2, 2}, y.shape());
        // F.conv2d(x, w, b, stride=(2,1), padding=(1,0), dilation=(1,2), groups=2) with
        // x = (arange(64)*0.37).sin().reshape(2,2,4,4), w = (arange(24)*0.53).cos().reshape(4,1,3,2), b = [.1,-.2,.3,-.4]
        assertClose(new double[] {-1.135043889340072, -0.7041976346050886, 3.1713303351870477, 2.5467493005980284,
                1.1070735049310683, 0.6910852100021947, -3.3156171784605375, -2.716509631610413, -1.2892551060840312,
                -1.071351846915485, 3.602390331630749, 3.4484658566827284, 1.232580221767031, 1.0398102709703676,
                -3.706089692264229, -3.584059931539999, -1.4611149425259666, -1.3924778999361322, 3.1614930794869553,
                3.380409920013897, 1.3787220603358554, 1.3409446429834977, -3.242311156511924, -3.4944467466530362,
                -1.0907927987268404, -1.295867139052797, 2.6410814850478412, 3.3277920436705064, 0.9716362222080427,
                1.2093936482697702, -2.684807888420266, -3.400246428311262}, y, 1e-12);
    }

    @Test
    void conv1dMatchesPyTorch() {
        Conv1d conv = new Conv1d(2, 3, 3, 2, 1, 2, 1, true);
        conv.to(DType.FLOAT64);
        conv.loadStateDict(Map.of("weight", wave(true, 0.41, 3, 2, 3), "bias", Tensor.of(new double[] {0.5, 0, -0.5}, 3)));
        Tensor y = conv.forward(wave(false, 0.29, 1, 2, 7));
        // F.conv1d(x, w, b, stride=2, padding=1, dilation=2), x = (arange(14)*0.29).cos().reshape(1,2,7),
        // w = (arange(18)*0.41).sin().reshape(3,2,3), b = [.5, 0, -.5]
        assertArrayEquals(new int[] {1, 3, 3}, y.shape());
        assertClose(new double[] {-0.18759024152491544, -1.6024178845666057, -1.3081104052907067, 1.6765327825504153,
                2.8336810477488727, 1.7166439202030674, -2.4163008350711577, -2.7986871048199156, -1.3580789063848926}, y, 1e-12);
    }

    @Test
    void defaultInitIsPyTorchsUniformWithinOneOverSqrtFanIn() {
        Conv2d conv = new Conv2d(4, 8, 3, 1, 0, 1, 2, true);   // fan-in = 4/2 * 3 * 3 = 18
        double bound = 1 / Math.sqrt(18);
        for (String key : List.of("weight", "bias")) {
            double[] v = conv.stateDict().get(key).toDoubleArray();
            double maxAbs = 0;
            for (double d : v) maxAbs = Math.max(maxAbs, Math.abs(d));
            assertTrue(maxAbs <= bound && maxAbs > bound / 2, key + " max |v| " + maxAbs + " vs bound " + bound);
        }
        assertArrayEquals(new int[] {8, 2, 3, 3}, conv.weight().value().shape());
    }

    @Test
    void aSeededGeneratorGivesTheSameWeights() {
        Conv2d a = new Conv2d(3, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                Init.kaimingNormal(), Init.zeros(), new Generator(7));
        Conv2d b = new Conv2d(3, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                Init.kaimingNormal(), Init.zeros(), new Generator(7));
        assertArrayEquals(a.weight().value().toFloatArray(), b.weight().value().toFloatArray());
        assertArrayEquals(new float[4], a.bias().value().toFloatArray());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator g = new Generator(3);
        LayerGradCheck.check(new Conv2d(2, 4, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2,
                Init.pytorchDefault(), Init.pytorchBias(6), g), g.randn(DType.FLOAT64, 2, 2, 5, 5));
        LayerGradCheck.check(new Conv1d(3, 2, 3, 2, 1, 1, 1, Init.pytorchDefault(), Init.pytorchBias(9), g),
                g.randn(DType.FLOAT64, 2, 3, 6));
    }

    @Test
    void wrongInputShapesNameTheLayerAndTheExpectedChannels() {
        Conv2d conv = new Conv2d(3, 8, 5);
        assertEquals("Conv2d(3, 8, kernel=5): expected input of shape [N, 3, H, W], got [2, 1, 28, 28]",
                assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 1, 28, 28))).getMessage());
        assertEquals("Conv2d(3, 8, kernel=5): expected input of shape [N, 3, H, W], got [3, 28, 28]",
                assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(3, 28, 28))).getMessage());
        assertEquals("Conv2d(3, 8, kernel=5): expected input of shape [N, 3, H, W] with H >= 5 and W >= 5, got [1, 3, 4, 9]",
                assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 3, 4, 9))).getMessage());
        Conv1d conv1 = new Conv1d(2, 4, 3, 2, 1);
        assertEquals("Conv1d(2, 4, kernel=3, stride=2, padding=1): expected input of shape [N, 2, L], got [1, 3, 10]",
                assertThrows(IllegalArgumentException.class, () -> conv1.forward(Tensor.zeros(1, 3, 10))).getMessage());
    }

    @Test
    void badHyperparametersAreRejectedAtConstruction() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 0)).getMessage()
                .startsWith("Conv2d: kernel must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, 0, 0)).getMessage()
                .startsWith("Conv2d: stride must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, 1, 0, 1, 2, true)).getMessage()
                .contains("must both divide into 2 groups"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv1d(0, 8, 3)).getMessage()
                .startsWith("Conv1d: in channels must be >= 1"));
    }
}
