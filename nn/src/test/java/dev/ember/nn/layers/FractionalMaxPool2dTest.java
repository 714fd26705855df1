package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static dev.ember.nn.layers.ConvTest.assertClose;
import static dev.ember.nn.layers.ConvTest.wave;
import static org.junit.jupiter.api.Assertions.*;

/** Reference numbers from PyTorch 1.13 on {@code x = (arange(112)*0.37).sin().reshape(1,2,7,8)}. */
class FractionalMaxPool2dTest {
    private static final Tensor X = wave(true, 0.37, 1, 2, 7, 8);
    private static final Tensor SAMPLES = Tensor.of(new double[] {0.3, 0.8, 0.65, 0.1}, 1, 2, 2);

    private static FractionalMaxPool2d sized(Generator g) {
        return new FractionalMaxPool2d(new int[] {2, 3}, new int[] {4, 5}, null, g);
    }

    @Test
    void givenSamplesItMatchesPyTorchWithAnOutputSize() {
        // F.fractional_max_pool2d(x, (2,3), output_size=(4,5), _random_samples=[[[0.3,0.8],[0.65,0.1]]])
        Tensor y = sized(new Generator(0)).forward(X, SAMPLES);
        assertArrayEquals(new int[] {1, 2, 4, 5}, y.shape());
        assertClose(new double[] {0.674287911628145, 0.8956986856800476, 0.99588084453764, 0.99588084453764,
                0.9612752029752999, 0.5182282059209767, 0.6793046521448148, 0.8987080958116269, 0.9964756147406005,
                0.9964756147406005, 0.5182282059209767, 0.37428850114575674, 0.6842898458495511, 0.9970241087570002,
                0.9970241087570002, 0.7882520673753163, 0.5123880037101151, 0.3805991098140923, 0.9046015706259687,
                0.9975263011148543, 0.9554405263552675, 0.5065240062728569, 0.3868920435136209, 0.694164668252242,
                0.9074853616165943, 0.9979821684924207, 0.779792238956611, 0.500636485932415, 0.694164668252242,
                0.9074853616165943, 0.9983916897192832, 0.9513287387867827, 0.7755079059443493, 0.4947257161043997,
                0.6990538383648419, 0.9987548457773336, 0.9987548457773336, 0.9492065273927444, 0.7711875584546615,
                0.4887919712841254}, y, 1e-12);
    }

    @Test
    void inFloat32TheWindowsAreTheOnesPyTorchPicks() {
        // the winners' positions of the same call on x.float() with float32 samples (return_indices=True)
        int[] winners = {2, 3, 4, 4, 5, 18, 19, 20, 21, 21, 24, 35, 36, 38, 38, 40, 41, 52, 54, 55,
                0, 2, 13, 14, 15, 16, 18, 19, 14, 15, 33, 34, 35, 36, 31, 50, 50, 51, 52, 53};
        float[] y = sized(new Generator(0)).forward(X.to(DType.FLOAT32), SAMPLES.to(DType.FLOAT32)).toFloatArray();
        float[] x = X.to(DType.FLOAT32).toFloatArray();
        for (int i = 0; i < winners.length; i++) assertEquals(x[(i / 20) * 56 + winners[i]], y[i], "output " + i);
    }

    @Test
    void anOutputRatioGivesFloorOfInputTimesRatio() {
        // F.fractional_max_pool2d(x, 2, output_ratio=0.5, _random_samples=...)
        Tensor y = new FractionalMaxPool2d(2, 0.5).forward(X, SAMPLES);
        assertArrayEquals(new int[] {1, 2, 3, 4}, y.shape());
        assertClose(new double[] {0.361615431964962, 0.8956986856800476, 0.99588084453764, 0.7965654722360868,
                0.5182282059209767, 0.6793046521448148, 0.9964756147406005, 0.9593748338928642, 0.7882520673753163,
                0.16717462746353695, 0.6892432612306632, 0.9975263011148543, 0.9554405263552675, 0.5065240062728569,
                0.3868920435136209, 0.9074853616165943, 0.9979821684924207, 0.779792238956611, 0.15372193312919125,
                0.6990538383648419, 0.913126381156749, 0.9987548457773336, 0.7711875584546615, 0.399423717868833}, y, 1e-12);
    }

    @Test
    void windowsStartAtZeroEndFlushAndStepByAtMostTheirSpacing() {
        Generator g = new Generator(11);
        double[] u = g.rand(DType.FLOAT64, 200).toDoubleArray();
        for (double sample : u) {
            for (boolean single : new boolean[] {false, true}) {
                int[] starts = FractionalMaxPool2d.intervals(sample, 25, 17, 2, single);   // alpha = 23/16
                assertEquals(0, starts[0]);
                assertEquals(23, starts[16]);
                for (int i = 1; i < 17; i++) {
                    int step = starts[i] - starts[i - 1];
                    assertTrue(step == 1 || step == 2, "step " + step + " at " + i + " for u=" + sample);
                }
            }
        }
    }

    @Test
    void eachForwardDrawsNewWindowsFromItsGeneratorReproduciblyWhenSeeded() {
        Tensor x = new Generator(1).randn(DType.FLOAT64, 3, 4, 12, 12);
        FractionalMaxPool2d a = new FractionalMaxPool2d(new int[] {2, 2}, null, new double[] {0.6, 0.6}, new Generator(42));
        FractionalMaxPool2d b = new FractionalMaxPool2d(new int[] {2, 2}, null, new double[] {0.6, 0.6}, new Generator(42));
        float[] first = a.forward(x).toFloatArray();
        float[] second = a.forward(x).toFloatArray();
        assertArrayEquals(new int[] {3, 4, 7, 7}, a.forward(x).shape());
        assertFalse(java.util.Arrays.equals(first, second), "two forwards drew the same windows for all 12 planes");
        assertArrayEquals(first, b.forward(x).toFloatArray());
        // the layer's own draw is [N, C, 2] uniform samples, used as given samples are
        Tensor drawn = new Generator(42).rand(DType.FLOAT64, 3, 4, 2);
        assertArrayEquals(first, a.forward(x, drawn).toFloatArray());
    }

    @Test
    void gradientFlowsToOneMaximumOfEachWindow() {
        GradCheck.Result r = GradCheck.check(in -> sized(new Generator(0)).forward(in[0], SAMPLES),
                new Generator(2).randn(DType.FLOAT64, 1, 2, 7, 8));
        assertTrue(r.passed(), r.toString());
        Tensor flat = Tensor.ones(DType.FLOAT64, 1, 2, 7, 8).requiresGrad(true);
        sized(new Generator(0)).forward(flat, SAMPLES).sum().backward();
        double total = 0;
        for (double g : flat.grad().toDoubleArray()) {
            assertEquals(Math.rint(g), g, "a tie's gradient is not split, as in PyTorch");
            total += g;
        }
        assertEquals(2 * 4 * 5, total);
    }

    @Test
    void badInputAndSettingsNameTheLayer() {
        FractionalMaxPool2d pool = sized(new Generator(0));
        assertEquals("FractionalMaxPool2d(kernel=(2, 3), outputSize=(4, 5)): expected input of shape [N, C, H, W] with H >= 5 and W >= 7 for a 4x5 output, got [1, 2, 4, 8]",
                assertThrows(IllegalArgumentException.class, () -> pool.forward(Tensor.zeros(1, 2, 4, 8))).getMessage());
        assertEquals("FractionalMaxPool2d(kernel=(2, 3), outputSize=(4, 5)): expected input of shape [N, C, H, W], got [2, 7, 8]",
                assertThrows(IllegalArgumentException.class, () -> pool.forward(Tensor.zeros(2, 7, 8))).getMessage());
        assertEquals("FractionalMaxPool2d(kernel=(2, 3), outputSize=(4, 5)): expected samples of shape [1, 2, 2], got [2, 2]",
                assertThrows(IllegalArgumentException.class, () -> pool.forward(X, Tensor.zeros(2, 2))).getMessage());
        assertEquals("FractionalMaxPool2d: give either an output size or an output ratio, not both",
                assertThrows(IllegalArgumentException.class,
                        () -> new FractionalMaxPool2d(new int[] {2, 2}, new int[] {3, 3}, new double[] {0.5, 0.5}, new Generator(0))).getMessage());
        assertEquals("FractionalMaxPool2d: output ratio needs 2 values (height, width) in (0, 1), got [1.5, 1.5]",
                assertThrows(IllegalArgumentException.class, () -> new FractionalMaxPool2d(2, 1.5)).getMessage());
    }
}
