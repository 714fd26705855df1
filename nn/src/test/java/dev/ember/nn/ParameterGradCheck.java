package dev.ember.nn;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;

import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link dev.ember.GradCheck} for a module's own parameters, which a layer reads from its slots rather than
 * taking as inputs: the gradient from one backward of {@code loss} is compared with central differences
 * obtained by nudging each parameter element in place. The module must already be float64.
 */
public final class ParameterGradCheck {
    private ParameterGradCheck() {}

    public static void check(Module module, Supplier<Tensor> loss) {
        module.zeroGrad();
        loss.get().backward();
        double h = 1e-6;
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            assertEquals(DType.FLOAT64, p.dtype(), "convert the module to float64 first");
            double[] analytic = p.grad() == null ? new double[Math.toIntExact(p.numel())] : p.grad().toDoubleArray();
            double[] original = p.toDoubleArray();
            for (int i = 0; i < original.length; i++) {
                double plus = lossWith(p, original, i, h, loss);
                double minus = lossWith(p, original, i, -h, loss);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[i], 1e-5 + 1e-4 * Math.abs(numeric), e.getKey() + " element " + i);
            }
        }
    }

    private static double lossWith(Tensor p, double[] original, int i, double delta, Supplier<Tensor> loss) {
        try (var noGrad = Autograd.noGrad()) {
            double[] changed = original.clone();
            changed[i] += delta;
            p.copyFrom(Tensor.of(changed, p.shape()));
            double value = loss.get().item();
            p.copyFrom(Tensor.of(original, p.shape()));
            return value;
        }
    }
}
