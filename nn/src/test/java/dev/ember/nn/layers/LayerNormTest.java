package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ember.nn.layers.Waves.cosines;
import static dev.ember.nn.layers.Waves.wave;
import static org.junit.jupiter.api.Assertions.*;

class LayerNormTest {
    private static LayerNorm referenceLayer() {
        LayerNorm ln = new LayerNorm(2, 3);
        ln.to(DType.FLOAT64);
        try (var noGrad = Autograd.noGrad()) {
            ln.weight().value().copyFrom(wave(0.9, 0.2, 2, 3));
            ln.bias().value().copyFrom(wave(0.3, 0.7, 2, 3).mul(0.1));
        }
        return ln;
    }

    /**
     * PyTorch 1.13, float64: {@code ln = nn.LayerNorm([2, 3]); ln.weight = wave(0.9, 0.2); ln.bias = wave(0.3, 0.7) * 0.1;
     * x = wave(0.37, 1.3).reshape(2, 2, 3); (ln(x) * cos(0.11 i)).sum().backward()}.
     */
    @Test
    void matchesPyTorchValuesAndGradients() {
        LayerNorm ln = referenceLayer();
        Tensor x = wave(0.37, 1.3, 2, 2, 3).requiresGrad(true);
        Tensor y = ln.forward(x);
        y.mul(cosines(0.11, 2, 2, 3)).sum().backward();
        assertArrayEquals(new double[] {-0.4538029591, -1.3017761629, -3.1254402866, -0.6985537203, -0.1178414217,
                -2.1814783603, 1.7672479289, 0.4322903556, -0.3991776063, 0.5927242847, 0.1179395861, 2.584737999},
                y.toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {-0.9539450196, 0.7799765219, 0.2108254081, -0.165373183, 0.2710510306,
                -0.1425347581, -0.6610104178, 0.9881272586, 1.1056503938, 0.0114265686, -0.8312886801, -0.6129051232},
                x.grad().toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {0.7633099527, -0.4773478606, -1.2249285177, -0.2942400886, 0.9469357539, 0.7597850844},
                ln.weight().grad().toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {1.7899922315, 1.7118667676, 1.6130485935, 1.4947322041, 1.3583477846, 1.2055439233},
                ln.bias().grad().toDoubleArray(), 1e-8);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));   // ln.state_dict().keys()
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LayerNorm ln = referenceLayer();
        Tensor w = cosines(0.11, 2, 2, 3);
        GradCheck.Result r = GradCheck.check(in -> ln.forward(in[0]).mul(w).sum(), wave(0.37, 1.3, 2, 2, 3));
        assertTrue(r.passed(), r.toString());
        ParameterGradCheck.check(ln, () -> ln.forward(wave(0.37, 1.3, 2, 2, 3)).mul(w).sum());
    }

    @Test
    void withoutAffineEachRowHasZeroMeanAndUnitVariance() {
        LayerNorm ln = new LayerNorm(new int[] {4}, 1e-5, false);
        assertTrue(ln.parameters().isEmpty());
        Tensor y = ln.forward(wave(0.37, 1.3, 3, 4).to(DType.FLOAT32));
        assertArrayEquals(new float[3], y.mean(new int[] {1}, false).toFloatArray(), 1e-6f);
        // var / (var + eps): rows with a small variance fall a little short of 1
        assertArrayEquals(new float[] {1, 1, 1}, y.var(new int[] {1}, 0, false).toFloatArray(), 1e-3f);
    }

    @Test
    void badInputIsRejectedClearly() {
        LayerNorm ln = new LayerNorm(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(4, 3, 2)));
        assertEquals("LayerNorm([2, 3]): expected input of shape [..., 2, 3], got [4, 3, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(3)));
        assertEquals("LayerNorm([2, 3]): expected input of shape [..., 2, 3], got [3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3}, -1, true));
    }
}
