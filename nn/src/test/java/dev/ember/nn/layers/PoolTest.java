package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import org.junit.jupiter.api.Test;

import static dev.ember.nn.layers.ConvTest.assertClose;
import static dev.ember.nn.layers.ConvTest.wave;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Reference numbers from PyTorch 1.13 on {@code x = (arange(60)*0.37).sin().reshape(1,2,5,6)} and
 * {@code x1 = (arange(14)*0.29).cos().reshape(1,2,7)}, float64.
 */
class PoolTest {
    private static final Tensor X = wave(true, 0.37, 1, 2, 5, 6);
    private static final Tensor X1 = wave(false, 0.29, 1, 2, 7);

    private static void assertOutput(int[] shape, double[] expected, Module layer, Tensor x) {
        Tensor y = layer.forward(x);
        assertArrayEquals(shape, y.shape(), layer.toString());
        assertClose(expected, y, 1e-12);
    }

    @Test
    void maxPool2dMatchesPyTorch() {
        // F.max_pool2d(x, 3, 2, 1)
        assertOutput(new int[] {1, 2, 3, 3}, new double[] {0.7965654722360868, 0.8956986856800476, 0.99588084453764,
                0.7965654722360868, 0.9964756147406005, 0.9964756147406005, 0.6793046521448148, 0.9964756147406005,
                0.9964756147406005, 0.901675770066391, 0.9970241087570002, 0.9574299115788811, 0.901675770066391,
                0.9970241087570002, 0.9574299115788811, 0.9975263011148543, 0.9975263011148543, 0.7840403585276232},
                new MaxPool2d(3, 2, 1), X);
        // F.max_pool2d(x, (2,3), (1,2), (1,1))
        assertOutput(new int[] {1, 2, 6, 3}, new double[] {0.361615431964962, 0.8956986856800476, 0.99588084453764,
                0.7965654722360868, 0.8956986856800476, 0.99588084453764, 0.7965654722360868, 0.5240443416872761,
                0.006814640074770176, 0.6793046521448148, 0.9964756147406005, 0.9964756147406005, 0.6793046521448148,
                0.9964756147406005, 0.9964756147406005, 0.5182282059209767, 0.17388948538043356, -0.5356033346142913,
                -0.8895552187444858, -0.3488751900860617, 0.37428850114575674, 0.901675770066391, 0.9970241087570002,
                0.9574299115788811, 0.901675770066391, 0.9970241087570002, 0.9574299115788811, 0.16717462746353695,
                0.0204426543553247, 0.6892432612306632, 0.9975263011148543, 0.9975263011148543, 0.7840403585276232,
                0.9975263011148543, 0.9975263011148543, 0.7840403585276232},
                new MaxPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}), X);
    }

    @Test
    void avgPool2dCountsPaddingLikePyTorchUnlessToldNot() {
        // F.avg_pool2d(x, 3, 2, 1)
        assertOutput(new int[] {1, 2, 3, 3}, new double[] {0.18691391620981385, 0.27210533059019565, 0.1483396829517526,
                0.045500468922009256, 0.05941188291799873, 0.023644583858360508, 0.19326476155762334, 0.224310016912143,
                0.049222382684116356, -0.03312691011472588, 0.10594873978351443, 0.2552346952669586, 0.0007781110605264615,
                0.03603030110632489, 0.06434111787457536, 0.03962840869607606, 0.19510205284995097, 0.28236682179790606},
                new AvgPool2d(3, 2, 1), X);
        // F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)
        assertOutput(new int[] {1, 2, 3, 3}, new double[] {0.42055631147208117, 0.40815799588529345, 0.22250952442762886,
                0.06825070338301388, 0.05941188291799873, 0.023644583858360508, 0.4348457135046525, 0.3364650253682145,
                0.07383357402617453, -0.07453554775813323, 0.15892310967527165, 0.38285204290043784, 0.0011671665907896922,
                0.03603030110632489, 0.06434111787457536, 0.08916391956617115, 0.29265307927492645, 0.42355023269685904},
                new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false), X);
    }

    @Test
    void minPool2dIsMinusMaxPoolOfMinusX() {
        // -F.max_pool2d(-x, 2)
        assertOutput(new int[] {1, 2, 2, 3}, new double[] {0.0, -0.18729466354290317, -0.8006667821758177,
                -0.9952398257691626, -0.8926476794282346, -0.35525355998804264, -0.9945525882039892, -0.6641607235200951,
                0.013628963678619457, -0.88642144724224, -0.8087576647615486, -0.9938191637573349}, new MinPool2d(2), X);
    }

    @Test
    void lpPool2dMatchesPyTorch() {
        // F.lp_pool2d(x, 2, 2): the L2 norm of each 2x2 window
        assertOutput(new int[] {1, 2, 2, 3}, new double[] {1.0197571986744476, 1.1509277241711509, 1.684524355616383,
                1.5858667182302344, 1.7450907593606075, 1.294060440133971, 1.7497757357319894, 1.5727531509912662,
                1.0120081120269675, 1.1350351037503106, 1.0319180949171607, 1.5944005370374636}, new LpPool2d(2), X);
        // F.lp_pool2d(x.abs(), 3, (2,3), (1,2))
        assertOutput(new int[] {1, 2, 4, 2}, new double[] {1.0030241608222854, 1.2954604751600767, 1.4805984160305103,
                1.0676689503161418, 1.5438383184686215, 1.5402710222973328, 1.0745931151784263, 1.4858557453163566,
                1.5907310264526726, 1.3914366301097643, 1.3037358703468787, 1.580702800506347, 1.0609803365552093,
                1.1902843133798817, 1.5365754814064476, 1.1645714020410367},
                new LpPool2d(3, new int[] {2, 3}, new int[] {1, 2}), X.abs());
        // by hand: one 2x2 window of 3, 4, 0, 0 has L2 norm 5
        assertEquals(5, new LpPool2d(2).forward(Tensor.of(new float[] {3, 4, 0, 0}, 1, 1, 2, 2)).item(), 1e-6);
    }

    @Test
    void globalPoolsReduceEachMapToOneNumber() {
        // F.adaptive_max_pool2d(x, 1).flatten(1), F.adaptive_avg_pool2d(x, 1).flatten(1)
        assertOutput(new int[] {1, 2}, new double[] {0.9964756147406005, 0.9975263011148543}, new GlobalMaxPool2d(), X);
        assertOutput(new int[] {1, 2}, new double[] {0.09635257972498718, 0.08328764696244005}, new GlobalAvgPool2d(), X);
    }

    @Test
    void onedPoolsMatchPyTorch() {
        // F.max_pool1d(x1, 3, 2, 1)
        assertOutput(new int[] {1, 2, 4}, new double[] {1.0, 0.9582438755126972, 0.6448265472400013, 0.12050276936736662,
                -0.4432344156657089, -0.6810558805071525, -0.943284599048476, -0.8089647866300858}, new MaxPool1d(3, 2, 1), X1);
        // F.avg_pool1d(x1, 3, 2, 1)
        assertOutput(new int[] {1, 2, 4}, new double[] {0.6527479585042324, 0.8131776908892951, 0.3882229486712137,
                -0.015964892860570058, -0.37476343205762047, -0.8380049609156021, -0.9710237857917617, -0.5840831285595206},
                new AvgPool1d(3, 2, 1), X1);
        // F.avg_pool1d(x1, 3, 2, 1, count_include_pad=False)
        assertOutput(new int[] {1, 2, 4}, new double[] {0.9791219377563486, 0.8131776908892951, 0.3882229486712137,
                -0.023947339290855088, -0.5621451480864307, -0.8380049609156021, -0.9710237857917617, -0.8761246928392808},
                new AvgPool1d(3, 2, 1, false), X1);
        assertArrayEquals(new int[] {1, 2, 3}, new MaxPool1d(2).forward(X1).shape());   // stride defaults to the window
    }

    @Test
    void strideDefaultsToTheWindow() {
        assertArrayEquals(new int[] {1, 2, 2, 3}, new MaxPool2d(2).forward(X).shape());
        assertArrayEquals(new int[] {1, 2, 1, 2}, new AvgPool2d(3).forward(X).shape());
        assertEquals("MaxPool2d(kernel=2, stride=2)", new MaxPool2d(2).toString());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator g = new Generator(5);
        Tensor x = g.randn(DType.FLOAT64, 1, 2, 5, 6);
        LayerGradCheck.check(new MaxPool2d(3, 2, 1), x);
        LayerGradCheck.check(new MinPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}), x);
        LayerGradCheck.check(new AvgPool2d(3, 2, 1), x);
        LayerGradCheck.check(new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false), x);
        LayerGradCheck.check(new LpPool2d(2), x);
        LayerGradCheck.check(new LpPool2d(3, 2, 1), x.abs().add(0.1));
        LayerGradCheck.check(new GlobalMaxPool2d(), x);
        LayerGradCheck.check(new GlobalAvgPool2d(), x);
        Tensor x1 = g.randn(DType.FLOAT64, 2, 3, 7);
        LayerGradCheck.check(new MaxPool1d(3, 2, 1), x1);
        LayerGradCheck.check(new AvgPool1d(3, 2, 1), x1);
    }

    @Test
    void wrongShapesNameTheLayer() {
        assertEquals("MaxPool2d(kernel=2, stride=2): expected input of shape [N, C, H, W], got [2, 28, 28]",
                assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(2, 28, 28))).getMessage());
        assertEquals("AvgPool2d(kernel=3, stride=1, padding=1): expected input of shape [N, C, H, W] with H >= 1 and W >= 1, got [1, 1, 0, 4]",
                assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(3, 1, 1).forward(Tensor.zeros(1, 1, 0, 4))).getMessage());
        assertEquals("LpPool2d(p=2.0, kernel=3, stride=3): expected input of shape [N, C, H, W] with H >= 3 and W >= 3, got [1, 1, 2, 8]",
                assertThrows(IllegalArgumentException.class, () -> new LpPool2d(3).forward(Tensor.zeros(1, 1, 2, 8))).getMessage());
        assertEquals("MaxPool1d(kernel=3, stride=3): expected input of shape [N, C, L] with L >= 3, got [4, 2, 2]",
                assertThrows(IllegalArgumentException.class, () -> new MaxPool1d(3).forward(Tensor.zeros(4, 2, 2))).getMessage());
        assertEquals("AvgPool1d(kernel=2, stride=2): expected input of shape [N, C, L], got [4, 2]",
                assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2).forward(Tensor.zeros(4, 2))).getMessage());
        assertEquals("GlobalAvgPool2d(): expected input of shape [N, C, H, W], got [4, 2]",
                assertThrows(IllegalArgumentException.class, () -> new GlobalAvgPool2d().forward(Tensor.zeros(4, 2))).getMessage());
        assertEquals("GlobalMaxPool2d(): expected input of shape [N, C, H, W], got [4, 2, 3]",
                assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPool2d().forward(Tensor.zeros(4, 2, 3))).getMessage());
    }

    @Test
    void badHyperparametersAreRejectedAtConstruction() {
        assertEquals("MaxPool2d: padding must be at most half the kernel, got padding [2, 2] for kernel [3, 3]",
                assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 1, 2)).getMessage());
        assertEquals("AvgPool2d: kernel must be >= 1, got [0, 0]",
                assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0)).getMessage());
        assertEquals("MinPool2d: stride must be >= 1, got [0, 0]",
                assertThrows(IllegalArgumentException.class, () -> new MinPool2d(2, 0)).getMessage());
        assertEquals("LpPool2d: power p must be positive and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new LpPool2d(0, 2)).getMessage());
        assertEquals("AvgPool1d: padding must be at most half the kernel, got padding 2 for kernel 2",
                assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2, 1, 2)).getMessage());
    }
}
