package dev.ember.benchmarks.training;

import dev.ember.Autograd;
import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.util.List;

/**
 * Adam written with in-place tensor ops, following PyTorch's single-tensor {@code torch.optim.Adam} (no weight
 * decay, no amsgrad): {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}. A stand-in until Ember has an {@code nn} module.
 */
public final class Adam {
    private final List<Tensor> parameters;
    private final Tensor[] firstMoment;
    private final Tensor[] secondMoment;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private int steps;

    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        firstMoment = new Tensor[parameters.size()];
        secondMoment = new Tensor[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            firstMoment[i] = Tensor.zerosLike(parameters.get(i));
            secondMoment[i] = Tensor.zerosLike(parameters.get(i));
        }
    }

    /** PyTorch's defaults: lr 1e-3, betas 0.9 and 0.999, eps 1e-8. */
    public Adam(List<Tensor> parameters) {
        this(parameters, 1e-3, 0.9, 0.999, 1e-8);
    }

    public void zeroGrad() {
        Gradients.clear(parameters);
    }

    /** One update from the gradients now in {@code grad()}; parameters without a gradient are left alone. */
    public void step() {
        steps++;
        double stepSize = learningRate / (1 - Math.pow(beta1, steps));
        double secondCorrectionSqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        try (var noGrad = Autograd.noGrad(); MemoryScope temporaries = MemoryScope.open()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                Tensor g = p.grad();
                if (g == null) continue;
                // one temporary per line, as torch.optim.Adam's in-place ops
                Tensor m = firstMoment[i].mulInPlace(beta1).addInPlace(g.mul(1 - beta1));
                Tensor v = secondMoment[i].mulInPlace(beta2).addInPlace(g.mul(g).mulInPlace(1 - beta2));
                Tensor denominator = v.sqrt().divInPlace(secondCorrectionSqrt).addInPlace(eps);
                p.subInPlace(m.div(denominator).mulInPlace(stepSize));
            }
        }
    }
}
