package dev.ember.nn.optim;

import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradClipAndRegularizationTest {
    /** Gradients [[3, -4], [1, 2]] and [-2, 0.5]: total 2-norm sqrt(34.25), max norm 4. */
    static List<Tensor> withGradients() {
        Tensor a = Tensor.zeros(dev.ember.DType.FLOAT64, 2, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(dev.ember.DType.FLOAT64, 2).requiresGrad(true);
        a.setGrad(Tensor.of(new double[] {3, -4, 1, 2}, 2, 2));
        b.setGrad(Tensor.of(new double[] {-2, 0.5}, 2));
        return List.of(a, b);
    }

    static double[] grads(List<Tensor> ps) {
        double[] a = ps.get(0).grad().toDoubleArray(), b = ps.get(1).grad().toDoubleArray();
        return new double[] {a[0], a[1], a[2], a[3], b[0], b[1]};
    }

    @Test
    void byNormMatchesPyTorchClipGradNorm() {
        List<Tensor> ps = withGradients();
        // torch.nn.utils.clip_grad_norm_([a, b], 2.0)
        assertEquals(5.852349955359813, GradClip.byNorm(ps, 2.0), 1e-12);
        assertArrayEquals(new double[] {1.0252290140776612, -1.366972018770215, 0.34174300469255375, 0.6834860093851075,
                -0.6834860093851075, 0.17087150234627688}, grads(ps), 1e-12);
        // clip_grad_norm_([a, b], 1.5, norm_type=inf)
        ps = withGradients();
        assertEquals(4.0, GradClip.byNorm(ps, 1.5, Double.POSITIVE_INFINITY), 1e-12);
        assertArrayEquals(new double[] {1.1249997187500704, -1.4999996250000938, 0.37499990625002344, 0.7499998125000469,
                -0.7499998125000469, 0.18749995312501172}, grads(ps), 1e-12);
        // below the bound nothing changes, and the norm is still returned
        ps = withGradients();
        assertEquals(5.852349955359813, GradClip.byNorm(ps, 100), 1e-12);
        assertArrayEquals(new double[] {3, -4, 1, 2, -2, 0.5}, grads(ps), 0);
    }

    @Test
    void byValueClampsEachElement() {
        List<Tensor> ps = withGradients();
        GradClip.byValue(ps, 1.5);
        assertArrayEquals(new double[] {1.5, -1.5, 1, 1.5, -1.5, 0.5}, grads(ps), 0);
        assertThrows(IllegalArgumentException.class, () -> GradClip.byValue(withGradients(), -1));
    }

    @Test
    void penaltiesFollowTheSeedFormula() {
        Tensor w1 = Tensor.of(new double[] {1, -2, 3}, 3);
        Tensor w2 = Tensor.of(new double[] {0.5, -0.5}, 1, 2);
        // λ/(2m) Σ‖W‖² with λ = 0.1, m = 4: 0.1/8 * (14 + 0.5)
        assertEquals(0.1 / 8 * 14.5, Regularization.l2(List.of(w1, w2), 0.1, 4).item(), 1e-15);
        assertEquals(0.1 / 2 * 14.5, Regularization.l2(List.of(w1, w2), 0.1).item(), 1e-15);
        // λ/(2m) Σ|W|: 0.1/8 * (6 + 1)
        assertEquals(0.1 / 8 * 7, Regularization.l1(List.of(w1, w2), 0.1, 4).item(), 1e-15);
        // ∂J/∂W = (λ/m) W for L2
        Tensor w = Tensor.of(new double[] {1, -2, 3}, 3).requiresGrad(true);
        Regularization.l2(List.of(w), 0.1, 4).backward();
        assertArrayEquals(new double[] {0.025, -0.05, 0.075}, w.grad().toDoubleArray(), 1e-15);
        GradCheck.Result r = GradCheck.check(in -> Regularization.l1(List.of(in[0], in[1]), 0.3, 2), w1, w2);
        assertTrue(r.passed(), r.toString());
        assertThrows(IllegalArgumentException.class, () -> Regularization.l2(List.of(w1), 0.1, 0));
    }
}
