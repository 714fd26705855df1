package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * Stochastic gradient descent, with optional momentum (in either of two forms), Nesterov momentum and L2
 * weight decay (added to the gradient: {@code g + weightDecay * w}).
 * <ul>
 *   <li>{@link Momentum#ACCUMULATED}, PyTorch's {@code torch.optim.SGD}: {@code v = βv + (1 - dampening) g},
 *   with {@code v = g} on a parameter's first step; {@code w -= lr v}.</li>
 *   <li>{@link Momentum#EXPONENTIAL_AVERAGE}, the seeds' form: {@code v = βv + (1 - β) g} from {@code v = 0},
 *   an exponential moving average of the gradients; {@code w -= lr v}. (Seed 000 §2.2 prints
 *   {@code V = βV - (1 - β)ΔW} with {@code W = W - αV}, which would climb the gradient; seed 001 and this class
 *   have the sign that descends.) For the same direction the steps are {@code 1 - β} times those of the
 *   accumulated form, so its learning rate is typically larger.</li>
 * </ul>
 * Nesterov uses {@code g + βv} (accumulated) or {@code (1 - β) g + βv} (exponential average) in place of
 * {@code v}: the momentum recurrence applied once more, a look-ahead.
 *
 * <pre>{@code
 * Sgd pytorch = new Sgd(model.parameters(), 0.01, 0.9);                  // v = 0.9 v + g
 * Sgd seeds = Sgd.exponentialAverage(model.parameters(), 0.1, 0.9);     // v = 0.9 v + 0.1 g
 * Sgd full = new Sgd(model.parameters(), 0.01, 0.9, 0, 5e-4, true);      // Nesterov, weight decay
 * Sgd named = Sgd.builder(model.parameters()).lr(0.01).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
 * }</pre>
 */
public final class Sgd extends Optimizer {
    /** How the momentum buffer accumulates gradients. */
    public enum Momentum {
        /** PyTorch: {@code v = βv + (1 - dampening) g}, starting from {@code v = g}. */
        ACCUMULATED,
        /** The seeds: {@code v = βv + (1 - β) g}, starting from {@code v = 0}. */
        EXPONENTIAL_AVERAGE
    }

    private final double momentum;
    private final Momentum form;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD: {@code w -= lr g}. */
    public Sgd(List<Tensor> parameters, double learningRate) { this(parameters, learningRate, 0); }

    /** PyTorch's SGD with momentum {@code β}: {@code v = βv + g}. */
    public Sgd(List<Tensor> parameters, double learningRate, double momentum) {
        this(parameters, learningRate, momentum, 0, 0, false);
    }

    /** PyTorch's {@code SGD(params, lr, momentum, dampening, weight_decay, nesterov)}. */
    public Sgd(List<Tensor> parameters, double learningRate, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this(parameters, learningRate, momentum, Momentum.ACCUMULATED, dampening, weightDecay, nesterov);
    }

    /**
     * @param dampening   only with {@link Momentum#ACCUMULATED} (the exponential average fixes it at β); 0 for Nesterov
     * @param weightDecay L2 penalty coefficient, added to the gradient as {@code weightDecay * w}
     */
    public Sgd(List<Tensor> parameters, double learningRate, double momentum, Momentum form, double dampening,
               double weightDecay, boolean nesterov) {
        super(parameters, learningRate);
        String who = "Sgd";
        this.form = Objects.requireNonNull(form, "Sgd: momentum form is null");
        this.momentum = form == Momentum.EXPONENTIAL_AVERAGE ? Hyperparameters.decayRate(who, "momentum", momentum)
                : Hyperparameters.nonNegative(who, "momentum", momentum);
        this.dampening = Hyperparameters.nonNegative(who, "dampening", dampening);
        this.weightDecay = Hyperparameters.nonNegative(who, "weightDecay", weightDecay);
        this.nesterov = nesterov;
        if (form == Momentum.EXPONENTIAL_AVERAGE && dampening != 0) {
            throw new IllegalArgumentException("Sgd: the exponential-average momentum has its own dampening (β); got dampening " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    /** The seeds' SGD with momentum: {@code v = βv + (1 - β) g}, {@code w -= lr v} (seed default β = 0.9). */
    public static Sgd exponentialAverage(List<Tensor> parameters, double learningRate, double beta) {
        return new Sgd(parameters, learningRate, beta, Momentum.EXPONENTIAL_AVERAGE, 0, 0, false);
    }

    /**
     * Hyperparameters by name, PyTorch's defaults for the rest (no momentum, dampening or weight decay); the
     * learning rate has no default, as in PyTorch:
     * <pre>{@code
     * Sgd.builder(params).lr(0.01).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
     * }</pre>
     */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    @Override
    protected Set<String> stateNames() {
        return momentum == 0 ? Set.of() : Set.of("momentum_buffer");
    }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        Tensor g = weightDecay == 0 ? grad : grad.add(parameter.mul(weightDecay));
        if (momentum == 0) {
            parameter.subInPlace(g.mul(learningRate()));
            return;
        }
        boolean first = !hasState(index, "momentum_buffer");
        Tensor v = state(index, "momentum_buffer");
        Tensor direction;
        if (form == Momentum.ACCUMULATED) {
            if (first) v.copyFrom(g);
            else v.mulInPlace(momentum).addInPlace(dampening == 0 ? g : g.mul(1 - dampening));
            direction = nesterov ? g.add(v.mul(momentum)) : v;
        } else {
            v.mulInPlace(momentum).addInPlace(g.mul(1 - momentum));
            direction = nesterov ? g.mul(1 - momentum).add(v.mul(momentum)) : v;
        }
        parameter.subInPlace(direction.mul(learningRate()));
    }

    /** {@link Sgd}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private Double learningRate;
        private double momentum;
        private Momentum form = Momentum.ACCUMULATED;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder momentum(double beta) { momentum = beta; return this; }

        /** The seeds' momentum form, {@code v = βv + (1 - β) g} ({@link Momentum#EXPONENTIAL_AVERAGE}). */
        public Builder form(Momentum f) { form = f; return this; }

        public Builder dampening(double d) { dampening = d; return this; }

        public Builder weightDecay(double lambda) { weightDecay = lambda; return this; }

        public Builder nesterov(boolean on) { nesterov = on; return this; }

        public Sgd build() {
            if (learningRate == null) throw new IllegalArgumentException("Sgd.builder: set the learning rate with lr(...) (SGD has no default)");
            return new Sgd(parameters, learningRate, momentum, form, dampening, weightDecay, nesterov);
        }
    }
}
