package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}: {@code s += g^2}, {@code w -= lr_t g / (sqrt(s) + eps)} with
 * {@code lr_t = lr / (1 + (t - 1) lrDecay)}; L2 weight decay adds {@code weightDecay * w} to {@code g}.
 *
 * <pre>{@code
 * Adagrad opt = new Adagrad(model.parameters(), 0.01);
 * Adagrad named = Adagrad.builder(model.parameters()).lr(0.1).lrDecay(1e-4).build();
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double eps;

    /** PyTorch's defaults: no decay, {@code eps = 1e-10}. */
    public Adagrad(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0, 0, 1e-10); }

    public Adagrad(List<Tensor> parameters, double learningRate, double lrDecay, double weightDecay, double eps) {
        super(parameters, learningRate);
        this.lrDecay = Hyperparameters.nonNegative("Adagrad", "lrDecay", lrDecay);
        this.weightDecay = Hyperparameters.nonNegative("Adagrad", "weightDecay", weightDecay);
        this.eps = Hyperparameters.nonNegative("Adagrad", "eps", eps);
    }

    /** Hyperparameters by name, PyTorch's defaults for the rest ({@code lr = 0.01}, {@code eps = 1e-10}). */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    @Override
    protected Set<String> stateNames() {
        return Set.of("sum");
    }

    @Override
    protected Set<String> nonNegativeStateNames() { return Set.of("sum"); }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = weightDecay == 0 ? grad : grad.add(parameter.mul(weightDecay));
        Tensor sum = state(index, "sum");
        sum.addInPlace(g.mul(g));
        double lr = learningRate() / (1 + (step - 1) * lrDecay);
        parameter.subInPlace(g.div(sum.sqrt().add(eps)).mul(lr));
    }

    /** {@link Adagrad}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private double learningRate = 0.01;
        private double lrDecay;
        private double weightDecay;
        private double eps = 1e-10;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder lrDecay(double d) { lrDecay = d; return this; }

        public Builder weightDecay(double lambda) { weightDecay = lambda; return this; }

        public Builder eps(double e) { eps = e; return this; }

        public Adagrad build() { return new Adagrad(parameters, learningRate, lrDecay, weightDecay, eps); }
    }
}
