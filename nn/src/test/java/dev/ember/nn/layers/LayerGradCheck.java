package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checks for a layer in float64: the input's gradient through {@link GradCheck}, and each parameter's
 * gradient against central differences taken by nudging the parameter in place, one element at a time.
 */
final class LayerGradCheck {
    private LayerGradCheck() {}

    static void check(Module layer, Tensor input) {
        layer.to(DType.FLOAT64);
        GradCheck.Result r = GradCheck.check(in -> layer.forward(in[0]), input.to(DType.FLOAT64));
        assertTrue(r.passed(), layer + " input gradient: " + r);
        checkParameters(layer, input.to(DType.FLOAT64));
    }

    private static void checkParameters(Module layer, Tensor x) {
        if (layer.parameters().isEmpty()) return;
        Tensor out = layer.forward(x);
        Tensor projection = new Generator(99).randn(DType.FLOAT64, out.shape());
        layer.zeroGrad();
        out.mul(projection).sum().backward();
        double eps = 1e-6;
        for (Map.Entry<String, Tensor> e : layer.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            double[] analytic = p.grad().toDoubleArray();
            double[] base = p.toDoubleArray();
            for (int i = 0; i < base.length; i++) {
                double plus = lossWith(layer, x, p, base, i, base[i] + eps, projection);
                double minus = lossWith(layer, x, p, base, i, base[i] - eps, projection);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, analytic[i], 1e-5 + 1e-4 * Math.abs(numeric), layer + " d/d" + e.getKey() + "[" + i + "]");
            }
            set(p, base);
        }
    }

    private static double lossWith(Module layer, Tensor x, Tensor p, double[] base, int i, double value, Tensor projection) {
        double[] nudged = base.clone();
        nudged[i] = value;
        set(p, nudged);
        try (var noGrad = Autograd.noGrad()) {
            return layer.forward(x).mul(projection).sum().item();
        }
    }

    private static void set(Tensor p, double[] values) {
        try (var noGrad = Autograd.noGrad()) {
            p.copyFrom(Tensor.of(values, p.shape()));
        }
    }
}
