package dev.ember.nn.train;

import dev.ember.Autograd;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The L2 norm of each parameter's gradient after a backward, by state-dict name: the way to see vanishing or
 * exploding gradients layer by layer (seed 001: deep sigmoid networks starve their first layers, ReLU and
 * residual connections do not).
 *
 * <pre>{@code
 * loss.backward();
 * GradientNorms.of(model).forEach((name, norm) -> System.out.printf("%-12s %.3e%n", name, norm));
 * }</pre>
 */
public final class GradientNorms {
    private GradientNorms() {}

    /** Parameters without a gradient (not reached by the last backward) are left out. */
    public static Map<String, Double> of(Module model) {
        Map<String, Double> norms = new LinkedHashMap<>();
        try (var noGrad = Autograd.noGrad()) {
            model.namedParameters().forEach((name, p) -> {
                Tensor g = p.grad();
                if (g != null) norms.put(name, g.norm(2).item());
            });
        }
        return norms;
    }
}
