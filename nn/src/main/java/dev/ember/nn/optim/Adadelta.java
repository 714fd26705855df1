package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Adadelta, PyTorch's {@code torch.optim.Adadelta}: {@code s = ρs + (1 - ρ) g^2},
 * {@code Δ = sqrt(a + eps) / sqrt(s + eps) * g}, {@code a = ρa + (1 - ρ) Δ^2}, {@code w -= lr Δ}; L2 weight decay
 * adds {@code weightDecay * w} to {@code g}. The step is in the units of the weights, so the learning rate is
 * 1 by default.
 *
 * <pre>{@code
 * Adadelta opt = new Adadelta(model.parameters());                      // lr 1, rho 0.9, eps 1e-6
 * Adadelta mnist = Adadelta.builder(model.parameters()).lr(1.0).rho(0.95).build();
 * }</pre>
 */
public final class Adadelta extends Optimizer {
    private final double rho;
    private final double eps;
    private final double weightDecay;

    /** PyTorch's defaults: {@code lr = 1}, {@code rho = 0.9}, {@code eps = 1e-6}. */
    public Adadelta(List<Tensor> parameters) { this(parameters, 1.0); }

    public Adadelta(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0.9, 1e-6, 0); }

    /** PyTorch's {@code Adadelta(params, lr, rho, eps, weight_decay)}. */
    public Adadelta(List<Tensor> parameters, double learningRate, double rho, double eps, double weightDecay) {
        super(parameters, learningRate);
        this.rho = Hyperparameters.decayRate("Adadelta", "rho", rho);
        this.eps = Hyperparameters.nonNegative("Adadelta", "eps", eps);
        this.weightDecay = Hyperparameters.nonNegative("Adadelta", "weightDecay", weightDecay);
    }

    /** Hyperparameters by name, PyTorch's defaults for the rest. */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    @Override
    protected Set<String> stateNames() { return Set.of("square_avg", "acc_delta"); }

    @Override
    protected Set<String> nonNegativeStateNames() { return Set.of("square_avg", "acc_delta"); }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = weightDecay == 0 ? grad : grad.add(parameter.mul(weightDecay));
        Tensor squareAvg = state(index, "square_avg");
        Tensor accDelta = state(index, "acc_delta");
        squareAvg.mulInPlace(rho).addcmulInPlace(g, g, 1 - rho);
        Tensor std = squareAvg.add(eps).sqrt();
        Tensor delta = accDelta.add(eps).sqrt().divInPlace(std).mulInPlace(g);
        accDelta.mulInPlace(rho).addcmulInPlace(delta, delta, 1 - rho);
        parameter.subInPlace(delta.mulInPlace(learningRate()));
    }

    /** {@link Adadelta}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private double learningRate = 1.0;
        private double rho = 0.9;
        private double eps = 1e-6;
        private double weightDecay;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder rho(double r) { rho = r; return this; }

        public Builder eps(double e) { eps = e; return this; }

        public Builder weightDecay(double lambda) { weightDecay = lambda; return this; }

        public Adadelta build() { return new Adadelta(parameters, learningRate, rho, eps, weightDecay); }
    }
}
