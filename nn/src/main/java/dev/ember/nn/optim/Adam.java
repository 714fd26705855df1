package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * Adam and AdamW, PyTorch's {@code torch.optim.Adam} / {@code AdamW}, bias-corrected:
 * {@code m = β1 m + (1 - β1) g}, {@code v = β2 v + (1 - β2) g^2},
 * {@code w -= lr / (1 - β1^t) * m / (sqrt(v) / sqrt(1 - β2^t) + eps)}, with {@code v} replaced by its running
 * maximum under AMSGrad. Weight decay is either L2 ({@code g + λw}, Adam) or decoupled ({@code w *= 1 - lr λ}
 * before the step, AdamW): one class, two settings. {@code t} counts this optimizer's steps.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);
 * Adam adamW = Adam.adamW(model.parameters(), 1e-3);         // decoupled weight decay 0.01
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

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final WeightDecay decayMode;
    private final boolean amsgrad;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0.9, 0.999, 1e-8, 0, false); }

    /** PyTorch's {@code Adam(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}. */
    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, WeightDecay.L2, amsgrad);
    }

    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay,
                WeightDecay decayMode, boolean amsgrad) {
        super(parameters, learningRate);
        String who = decayMode == WeightDecay.DECOUPLED ? "AdamW" : "Adam";
        this.beta1 = Hyperparameters.decayRate(who, "beta1", beta1);
        this.beta2 = Hyperparameters.decayRate(who, "beta2", beta2);
        this.eps = Hyperparameters.nonNegative(who, "eps", eps);
        this.weightDecay = Hyperparameters.nonNegative(who, "weightDecay", weightDecay);
        this.decayMode = Objects.requireNonNull(decayMode, "Adam: weight decay mode is null");
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

    @Override
    protected Set<String> stateNames() {
        return amsgrad ? Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : Set.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected Set<String> nonNegativeStateNames() { return Set.of("exp_avg_sq", "max_exp_avg_sq"); }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decayMode == WeightDecay.DECOUPLED) parameter.mulInPlace(1 - learningRate() * weightDecay);
            else g = grad.add(parameter.mul(weightDecay));
        }
        Tensor m = state(index, "exp_avg");
        Tensor v = state(index, "exp_avg_sq");
        m.mulInPlace(beta1).addInPlace(g.mul(1 - beta1));
        v.mulInPlace(beta2).addcmulInPlace(g, g, 1 - beta2);
        Tensor second = v;
        if (amsgrad) {
            Tensor max = state(index, "max_exp_avg_sq");
            max.copyFrom(max.maximum(v));
            second = max;
        }
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        // torch.optim.Adam's order of operations, with one temporary reused (the step is memory-bound)
        Tensor denominator = second.sqrt().divInPlace(biasCorrection2Sqrt).addInPlace(eps);
        parameter.subInPlace(m.div(denominator).mulInPlace(learningRate() / biasCorrection1));
    }
}
