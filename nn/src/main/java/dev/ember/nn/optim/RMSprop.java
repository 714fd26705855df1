package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Set;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}: {@code s = αs + (1 - α) g^2},
 * {@code w -= lr g / (sqrt(s) + eps)}; optionally centered (divides by the root of {@code s - avg(g)^2}), with
 * momentum ({@code b = μb + g / denominator}, {@code w -= lr b}) and L2 weight decay. The seeds' form
 * (seed 000 §2.3: {@code w -= α g / sqrt(s + ε)}, {@code β = 0.999}, {@code ε = 1e-8}) puts eps under the root,
 * a setting here: {@link #seeds}.
 *
 * <pre>{@code
 * RMSprop pytorch = new RMSprop(model.parameters(), 0.01);   // alpha 0.99, eps 1e-8
 * RMSprop seeds = RMSprop.seeds(model.parameters(), 0.001);  // beta 0.999, eps inside the root
 * RMSprop named = RMSprop.builder(model.parameters()).lr(0.01).momentum(0.9).centered(true).build();
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;
    private final boolean epsInsideSqrt;

    /** PyTorch's defaults: {@code alpha = 0.99}, {@code eps = 1e-8}, no momentum, not centered. */
    public RMSprop(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0.99, 1e-8, 0, 0, false); }

    /** PyTorch's {@code RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)}. */
    public RMSprop(List<Tensor> parameters, double learningRate, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        this(parameters, learningRate, alpha, eps, weightDecay, momentum, centered, false);
    }

    /** @param epsInsideSqrt divide by {@code sqrt(s + eps)} (the seeds) rather than {@code sqrt(s) + eps} (PyTorch) */
    public RMSprop(List<Tensor> parameters, double learningRate, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered, boolean epsInsideSqrt) {
        super(parameters, learningRate);
        this.alpha = Hyperparameters.decayRate("RMSprop", "alpha", alpha);
        this.eps = Hyperparameters.nonNegative("RMSprop", "eps", eps);
        this.weightDecay = Hyperparameters.nonNegative("RMSprop", "weightDecay", weightDecay);
        this.momentum = Hyperparameters.nonNegative("RMSprop", "momentum", momentum);
        this.centered = centered;
        this.epsInsideSqrt = epsInsideSqrt;
    }

    /** The seeds' RMSprop: {@code s = 0.999 s + 0.001 g^2}, {@code w -= lr g / sqrt(s + 1e-8)}. */
    public static RMSprop seeds(List<Tensor> parameters, double learningRate) {
        return new RMSprop(parameters, learningRate, 0.999, 1e-8, 0, 0, false, true);
    }

    /** Hyperparameters by name, PyTorch's defaults for the rest ({@code lr = 0.01}, {@code alpha = 0.99}, {@code eps = 1e-8}). */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    @Override
    protected Set<String> stateNames() {
        Set<String> names = new java.util.HashSet<>(Set.of("square_avg"));
        if (centered) names.add("grad_avg");
        if (momentum > 0) names.add("momentum_buffer");
        return names;
    }

    @Override
    protected Set<String> nonNegativeStateNames() { return Set.of("square_avg"); }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = weightDecay == 0 ? grad : grad.add(parameter.mul(weightDecay));
        Tensor squareAvg = state(index, "square_avg");
        squareAvg.mulInPlace(alpha).addInPlace(g.mul(g).mul(1 - alpha));
        Tensor variance = squareAvg;
        if (centered) {
            Tensor gradAvg = state(index, "grad_avg");
            gradAvg.mulInPlace(alpha).addInPlace(g.mul(1 - alpha));
            variance = squareAvg.sub(gradAvg.mul(gradAvg));
        }
        Tensor denominator = epsInsideSqrt ? variance.add(eps).sqrt() : variance.sqrt().add(eps);
        Tensor scaled = g.div(denominator);
        if (momentum > 0) {
            Tensor buffer = state(index, "momentum_buffer");
            buffer.mulInPlace(momentum).addInPlace(scaled);
            scaled = buffer;
        }
        parameter.subInPlace(scaled.mul(learningRate()));
    }

    /** {@link RMSprop}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private double learningRate = 0.01;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;
        private boolean epsInsideSqrt;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder alpha(double a) { alpha = a; return this; }

        public Builder eps(double e) { eps = e; return this; }

        public Builder weightDecay(double lambda) { weightDecay = lambda; return this; }

        public Builder momentum(double mu) { momentum = mu; return this; }

        public Builder centered(boolean on) { centered = on; return this; }

        /** Divide by {@code sqrt(s + eps)} (the seeds) rather than {@code sqrt(s) + eps} (PyTorch). */
        public Builder epsInsideSqrt(boolean on) { epsInsideSqrt = on; return this; }

        public RMSprop build() { return new RMSprop(parameters, learningRate, alpha, eps, weightDecay, momentum, centered, epsInsideSqrt); }
    }
}
