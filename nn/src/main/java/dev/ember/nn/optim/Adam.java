package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Adam family, one class with the step rule as a setting ({@link Variant}):
 * <ul>
 *   <li>{@link Variant#ADAM}, PyTorch's {@code torch.optim.Adam} / {@code AdamW}, bias-corrected:
 *   {@code m = β1 m + (1 - β1) g}, {@code v = β2 v + (1 - β2) g^2},
 *   {@code w -= lr / (1 - β1^t) * m / (sqrt(v) / sqrt(1 - β2^t) + eps)}, with {@code v} replaced by its running
 *   maximum under AMSGrad.</li>
 *   <li>{@link Variant#ADAMAX}, {@code torch.optim.Adamax}: the second moment is an infinity norm,
 *   {@code u = max(β2 u, |g| + eps)}, {@code w -= lr / (1 - β1^t) * m / u}.</li>
 *   <li>{@link Variant#NADAM}, {@code torch.optim.NAdam}: Nesterov momentum with the momentum schedule
 *   {@code μ_t = β1 (1 - 0.96^(t ψ) / 2)} ({@code ψ} = momentumDecay), as PyTorch 2 computes it (1.13 counted
 *   {@code μ_t} twice in {@code μ_1...μ_t μ_(t+1)}, fixed since).</li>
 *   <li>{@link Variant#RADAM}, {@code torch.optim.RAdam}: Adam's step scaled by the variance rectification
 *   {@code r_t} once the approximated SMA length {@code ρ_t} exceeds 5, plain momentum before.</li>
 * </ul>
 * Weight decay is either L2 ({@code g + λw}, PyTorch's {@code weight_decay}) or decoupled ({@code w *= 1 - lr λ}
 * before the step, AdamW). {@code t} counts this optimizer's steps.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);
 * Adam adamW = Adam.adamW(model.parameters(), 1e-3);         // decoupled weight decay 0.01
 * Adam gan = Adam.builder(model.parameters()).lr(2e-4).betas(0.5, 0.999).build();
 * Adam nadam = Adam.builder(model.parameters()).variant(Adam.Variant.NADAM).build();   // lr 2e-3
 * }</pre>
 */
public final class Adam extends Optimizer {
    /** How the weight decay coefficient enters the update. */
    public enum WeightDecay {
        /** Adam: {@code λw} added to the gradient, so it passes through the moment estimates. */
        L2,
        /** AdamW: the weights shrink by {@code lr λ} directly, apart from the adaptive step. */
        DECOUPLED
    }

    /** The step rule, each PyTorch's optimizer of that name. */
    public enum Variant {
        ADAM("Adam", 1e-3), ADAMAX("Adamax", 2e-3), NADAM("NAdam", 2e-3), RADAM("RAdam", 1e-3);

        private final String pytorchName;
        private final double defaultLearningRate;

        Variant(String pytorchName, double defaultLearningRate) {
            this.pytorchName = pytorchName;
            this.defaultLearningRate = defaultLearningRate;
        }

        /** PyTorch's default {@code lr} for this optimizer. */
        public double defaultLearningRate() { return defaultLearningRate; }
    }

    private final Variant variant;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final WeightDecay decayMode;
    private final boolean amsgrad;
    private final double momentumDecay;
    // NAdam's product of momentum factors: a function of the step count, so it is cached, not saved
    private long muProductStep;
    private double muProduct = 1;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0.9, 0.999, 1e-8, 0, false); }

    /** PyTorch's {@code Adam(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}. */
    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, WeightDecay.L2, amsgrad);
    }

    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay,
                WeightDecay decayMode, boolean amsgrad) {
        this(Variant.ADAM, parameters, learningRate, beta1, beta2, eps, weightDecay, decayMode, amsgrad, 4e-3);
    }

    /**
     * Every setting.
     *
     * @param amsgrad       {@link Variant#ADAM} only
     * @param momentumDecay {@link Variant#NADAM}'s {@code ψ} (PyTorch's {@code momentum_decay}, 4e-3)
     */
    public Adam(Variant variant, List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
                double weightDecay, WeightDecay decayMode, boolean amsgrad, double momentumDecay) {
        super(parameters, learningRate);
        this.variant = Objects.requireNonNull(variant, "Adam: variant is null");
        this.decayMode = Objects.requireNonNull(decayMode, "Adam: weight decay mode is null");
        String who = variant == Variant.ADAM && decayMode == WeightDecay.DECOUPLED ? "AdamW" : variant.pytorchName;
        this.beta1 = Hyperparameters.decayRate(who, "beta1", beta1);
        this.beta2 = Hyperparameters.decayRate(who, "beta2", beta2);
        this.eps = Hyperparameters.nonNegative(who, "eps", eps);
        this.weightDecay = Hyperparameters.nonNegative(who, "weightDecay", weightDecay);
        this.momentumDecay = Hyperparameters.nonNegative(who, "momentumDecay", momentumDecay);
        if (amsgrad && variant != Variant.ADAM) throw new IllegalArgumentException(who + ": amsgrad is a setting of Adam and AdamW only");
        this.amsgrad = amsgrad;
    }

    /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, decoupled weight decay 0.01. */
    public static Adam adamW(List<Tensor> parameters, double learningRate) {
        return adamW(parameters, learningRate, 0.9, 0.999, 1e-8, 0.01, false);
    }

    /** PyTorch's {@code AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}. */
    public static Adam adamW(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
                             double weightDecay, boolean amsgrad) {
        return new Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, WeightDecay.DECOUPLED, amsgrad);
    }

    /** PyTorch's {@code Adamax(params, lr)}: betas (0.9, 0.999), eps 1e-8. */
    public static Adam adamax(List<Tensor> parameters, double learningRate) {
        return builder(parameters).variant(Variant.ADAMAX).lr(learningRate).build();
    }

    /** PyTorch's {@code NAdam(params, lr)}: betas (0.9, 0.999), eps 1e-8, momentum_decay 4e-3. */
    public static Adam nadam(List<Tensor> parameters, double learningRate) {
        return builder(parameters).variant(Variant.NADAM).lr(learningRate).build();
    }

    /** PyTorch's {@code RAdam(params, lr)}: betas (0.9, 0.999), eps 1e-8. */
    public static Adam radam(List<Tensor> parameters, double learningRate) {
        return builder(parameters).variant(Variant.RADAM).lr(learningRate).build();
    }

    /**
     * Hyperparameters by name, PyTorch's defaults for the rest (the variant's lr; AdamW's weight decay 0.01):
     * <pre>{@code
     * Adam.builder(params).lr(2e-4).betas(0.5, 0.999).build();
     * Adam.builder(params).adamW().weightDecay(0.05).build();
     * }</pre>
     */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    public Variant variant() { return variant; }

    @Override
    protected Set<String> stateNames() {
        if (variant == Variant.ADAMAX) return Set.of("exp_avg", "exp_inf");
        return amsgrad ? Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : Set.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected Set<String> nonNegativeStateNames() { return Set.of("exp_avg_sq", "max_exp_avg_sq", "exp_inf"); }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decayMode == WeightDecay.DECOUPLED) parameter.mulInPlace(1 - learningRate() * weightDecay);
            else g = grad.add(parameter.mul(weightDecay));
        }
        Tensor m = state(index, "exp_avg");
        m.mulInPlace(beta1).addInPlace(g.mul(1 - beta1));
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        if (variant == Variant.ADAMAX) {
            Tensor u = state(index, "exp_inf");
            u.copyFrom(u.mul(beta2).maximum(g.abs().addInPlace(eps)));
            parameter.subInPlace(m.div(u).mulInPlace(learningRate() / biasCorrection1));
            return;
        }
        Tensor v = state(index, "exp_avg_sq");
        v.mulInPlace(beta2).addcmulInPlace(g, g, 1 - beta2);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        switch (variant) {
            case ADAM -> {
                Tensor second = v;
                if (amsgrad) {
                    Tensor max = state(index, "max_exp_avg_sq");
                    max.copyFrom(max.maximum(v));
                    second = max;
                }
                // torch.optim.Adam's order of operations, with one temporary reused (the step is memory-bound)
                Tensor denominator = second.sqrt().divInPlace(Math.sqrt(biasCorrection2)).addInPlace(eps);
                parameter.subInPlace(m.div(denominator).mulInPlace(learningRate() / biasCorrection1));
            }
            case NADAM -> {
                double mu = nadamMu(step), muNext = nadamMu(step + 1), muProduct = muProduct(step);
                Tensor denominator = v.div(biasCorrection2).sqrt().addInPlace(eps);
                parameter.subInPlace(g.div(denominator).mulInPlace(learningRate() * (1 - mu) / (1 - muProduct)));
                parameter.subInPlace(m.div(denominator).mulInPlace(learningRate() * muNext / (1 - muProduct * muNext)));
            }
            case RADAM -> {
                double rhoInf = 2 / (1 - beta2) - 1;
                double rho = rhoInf - 2 * step * Math.pow(beta2, step) / biasCorrection2;
                Tensor corrected = m.div(biasCorrection1);
                if (rho > 5) {
                    double rect = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    Tensor adaptive = v.sqrt().addInPlace(eps).reciprocal().mulInPlace(Math.sqrt(biasCorrection2));
                    parameter.subInPlace(corrected.mulInPlace(learningRate()).mulInPlace(adaptive).mulInPlace(rect));
                } else {
                    parameter.subInPlace(corrected.mulInPlace(learningRate()));
                }
            }
            default -> throw new AssertionError(variant);
        }
    }

    /** {@code μ_1 ... μ_t}, the same for every parameter; extended by one factor per step, recomputed after a jump (a load). */
    private double muProduct(long step) {
        if (muProductStep != step) {
            if (muProductStep != step - 1) {
                muProductStep = 0;
                muProduct = 1;
            }
            while (muProductStep < step) muProduct *= nadamMu(++muProductStep);
        }
        return muProduct;
    }

    private double nadamMu(long step) { return beta1 * (1 - 0.5 * Math.pow(0.96, step * momentumDecay)); }

    /** {@link Adam}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private Variant variant = Variant.ADAM;
        private Double learningRate;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private Double weightDecay;
        private WeightDecay decayMode = WeightDecay.L2;
        private boolean amsgrad;
        private double momentumDecay = 4e-3;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder variant(Variant v) { variant = v; return this; }

        /** AdamW: decoupled weight decay, 0.01 unless set. */
        public Builder adamW() { decayMode = WeightDecay.DECOUPLED; return this; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }

        public Builder eps(double e) { eps = e; return this; }

        public Builder weightDecay(double lambda) { weightDecay = lambda; return this; }

        public Builder decayMode(WeightDecay mode) { decayMode = mode; return this; }

        public Builder amsgrad(boolean on) { amsgrad = on; return this; }

        /** NAdam's {@code momentum_decay}. */
        public Builder momentumDecay(double psi) { momentumDecay = psi; return this; }

        public Adam build() {
            double lr = learningRate != null ? learningRate : variant.defaultLearningRate();
            double decay = weightDecay != null ? weightDecay : decayMode == WeightDecay.DECOUPLED ? 0.01 : 0;
            return new Adam(variant, parameters, lr, beta1, beta2, eps, decay, decayMode, amsgrad, momentumDecay);
        }
    }
}
