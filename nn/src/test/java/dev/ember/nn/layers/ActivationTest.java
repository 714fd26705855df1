package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ember.nn.layers.ConvTest.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** Values from PyTorch 1.13 on {@code x = [-3, -1.5, -0.5, 0, 0.25, 1, 2.5]} (float64); derivatives by hand. */
class ActivationTest {
    private static final double[] XS = {-3, -1.5, -0.5, 0, 0.25, 1, 2.5};
    private static final Tensor X = Tensor.of(XS, XS.length);

    /** The layer's value and, from one backward of their sum, its derivative at each of {@link #XS}. */
    private static void assertValuesAndDerivatives(Module layer, double[] values, double[] derivatives) {
        Tensor x = X.copy().requiresGrad(true);
        Tensor y = layer.forward(x);
        assertClose(values, y, 1e-12);
        y.sum().backward();
        assertClose(derivatives, x.grad(), 1e-12);
    }

    @Test
    void sigmoid() {
        double[] s = {0.04742587317756678, 0.18242552380635635, 0.3775406687981454, 0.5, 0.5621765008857981,
                0.7310585786300049, 0.9241418199787566};   // nn.Sigmoid()(x)
        double[] ds = new double[s.length];
        for (int i = 0; i < s.length; i++) ds[i] = s[i] * (1 - s[i]);
        assertValuesAndDerivatives(new Sigmoid(), s, ds);
        assertEquals(0.25, ds[3]);
    }

    @Test
    void tanh() {
        double[] t = {-0.9950547536867305, -0.9051482536448664, -0.46211715726000974, 0.0, 0.24491866240370913,
                0.7615941559557649, 0.9866142981514303};   // nn.Tanh()(x)
        double[] dt = new double[t.length];
        for (int i = 0; i < t.length; i++) dt[i] = 1 - t[i] * t[i];
        assertValuesAndDerivatives(new Tanh(), t, dt);
    }

    @Test
    void reluAndStepShareTheKinkAtZero() {
        // nn.ReLU()(x); derivative 0 at 0 as PyTorch's
        assertValuesAndDerivatives(new ReLU(), new double[] {0, 0, 0, 0, 0.25, 1, 2.5}, new double[] {0, 0, 0, 0, 1, 1, 1});
        // torch.heaviside(x, 0): 0 at 0; flat, so no gradient anywhere
        assertValuesAndDerivatives(new Step(), new double[] {0, 0, 0, 0, 1, 1, 1}, new double[7]);
    }

    @Test
    void leakyReluDefaultsToSlopeOneHundredth() {
        // nn.LeakyReLU()(x), nn.LeakyReLU(0.2)(x)
        assertValuesAndDerivatives(new LeakyReLU(), new double[] {-0.03, -0.015, -0.005, 0, 0.25, 1, 2.5},
                new double[] {0.01, 0.01, 0.01, 0.01, 1, 1, 1});
        assertValuesAndDerivatives(new LeakyReLU(0.2), new double[] {-0.6000000000000001, -0.30000000000000004, -0.1, 0, 0.25, 1, 2.5},
                new double[] {0.2, 0.2, 0.2, 0.2, 1, 1, 1});
    }

    @Test
    void eluDefaultsToAlphaOne() {
        // nn.ELU()(x), nn.ELU(0.5)(x); below zero the derivative is alpha * e^x = y + alpha
        double[] y1 = {-0.950212931632136, -0.7768698398515702, -0.3934693402873666, 0, 0.25, 1, 2.5};
        double[] y05 = {-0.475106465816068, -0.3884349199257851, -0.1967346701436833, 0, 0.25, 1, 2.5};
        double[] d1 = {Math.exp(-3), Math.exp(-1.5), Math.exp(-0.5), 1, 1, 1, 1};
        double[] d05 = {0.5 * Math.exp(-3), 0.5 * Math.exp(-1.5), 0.5 * Math.exp(-0.5), 0.5, 1, 1, 1};
        assertValuesAndDerivatives(new ELU(), y1, d1);
        assertValuesAndDerivatives(new ELU(0.5), y05, d05);
    }

    @Test
    void identityReturnsItsInputAndPassesTheGradient() {
        assertValuesAndDerivatives(new Identity(), XS, new double[] {1, 1, 1, 1, 1, 1, 1});
    }

    @Test
    void softmaxAndLogSoftmaxAlongAnyDimStayFiniteForHugeLogits() {
        Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {-1, 0, 1000}});
        // nn.Softmax(1)(z), nn.Softmax(0)(z)
        assertClose(new double[] {0.09003057317038045, 0.2447284710547976, 0.6652409557748218, 0, 0, 1}, new Softmax(1).forward(z), 1e-12);
        assertClose(new double[] {0.8807970779778823, 0.8807970779778823, 0, 0.11920292202211755, 0.11920292202211755, 1},
                new Softmax(0).forward(z), 1e-12);
        // nn.LogSoftmax(1)(z), nn.LogSoftmax(-2)(z)
        assertClose(new double[] {-2.4076059644443806, -1.4076059644443804, -0.4076059644443804, -1001, -1000, 0},
                new LogSoftmax(1).forward(z), 1e-12);
        assertClose(new double[] {-0.1269280110429726, -0.1269280110429726, -997, -2.1269280110429727, -2.1269280110429727, 0},
                new LogSoftmax(-2).forward(z), 1e-12);
    }

    @Test
    void everyActivationsGradientMatchesFiniteDifferences() {
        // away from the kinks at 0, where finite differences straddle two slopes
        Tensor x = new Generator(8).randn(DType.FLOAT64, 3, 5);
        Tensor awayFromZero = Tensor.where(x.abs().lt(0.05), x.add(0.1), x);
        for (Module m : List.of(new Identity(), new Sigmoid(), new Tanh(), new ReLU(), new Step(), new LeakyReLU(),
                new LeakyReLU(0.3), new ELU(), new ELU(2), new Softmax(1), new Softmax(0), new LogSoftmax(1), new LogSoftmax(-2))) {
            LayerGradCheck.check(m, awayFromZero);
        }
    }

    @Test
    void softmaxNamesTheMissingDim() {
        assertEquals("Softmax(dim=1): expected input with at least 2 dims, got [4]",
                assertThrows(IllegalArgumentException.class, () -> new Softmax(1).forward(Tensor.zeros(4))).getMessage());
        assertEquals("LogSoftmax(dim=-3): expected input with at least 3 dims, got [4, 2]",
                assertThrows(IllegalArgumentException.class, () -> new LogSoftmax(-3).forward(Tensor.zeros(4, 2))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN)).getMessage().startsWith("ELU: alpha"));
    }
}
