package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {
    private static final int N = 200_000;

    @Test
    void zeroesAboutPAndScalesTheRestSoTheMeanIsKept() {
        for (double p : new double[] {0.2, 0.5, 0.8}) {
            float[] y = new Dropout(p, new Generator(17)).forward(Tensor.ones(N)).toFloatArray();
            int zeros = 0;
            double sum = 0;
            for (float v : y) {
                if (v == 0) zeros++;
                else assertEquals(1 / (1 - p), v, 1e-6, "a survivor is scaled by 1/(1-p)");
                sum += v;
            }
            // binomial: the zero fraction's standard deviation is sqrt(p(1-p)/N) < 0.0012; allow 5 of them
            assertEquals(p, zeros / (double) N, 0.006, "zero fraction for p=" + p);
            assertEquals(1, sum / N, 0.006 / (1 - p), "mean for p=" + p);
        }
    }

    @Test
    void evaluationModeAndPZeroAreTheIdentity() {
        Tensor x = new Generator(1).randn(4, 5);
        Dropout dropout = new Dropout(0.5);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        assertSame(x, new Dropout(0).forward(x));
        for (float v : new Dropout(1).forward(x).toFloatArray()) assertEquals(0, v, 0.0);   // -0 for negative x
    }

    @Test
    void aSeededGeneratorGivesTheSameMaskAndTheNextCallANewOne() {
        Tensor x = Tensor.ones(1000);
        Dropout a = new Dropout(0.5, new Generator(3));
        Dropout b = new Dropout(0.5, new Generator(3));
        float[] first = a.forward(x).toFloatArray();
        assertArrayEquals(first, b.forward(x).toFloatArray());
        assertFalse(java.util.Arrays.equals(first, a.forward(x).toFloatArray()));
    }

    @Test
    void theGradientIsTheSameMaskAndScale() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1000).requiresGrad(true);
        Tensor y = new Dropout(0.25, new Generator(9)).forward(x);
        assertEquals(DType.FLOAT64, y.dtype());
        y.sum().backward();
        assertArrayEquals(y.toDoubleArray(), x.grad().toDoubleArray());   // dy/dx = mask / (1 - p) = y at x = 1
    }

    @Test
    void badPAndIntegerInputAreRejected() {
        assertEquals("Dropout: p must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5)).getMessage());
        assertEquals("Dropout: p must be in [0, 1], got NaN",
                assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN)).getMessage());
        assertEquals("Dropout(p=0.5): expected a float input, got int64",
                assertThrows(IllegalArgumentException.class, () -> new Dropout().forward(Tensor.arange(4))).getMessage());
    }
}
