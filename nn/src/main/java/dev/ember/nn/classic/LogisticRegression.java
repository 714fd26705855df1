package dev.ember.nn.classic;

import dev.ember.Autograd;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.loss.BCEWithLogitsLoss;

import java.util.ArrayList;
import java.util.List;

/**
 * Logistic regression as a one-neuron network (seed 002): {@code ŷ = σ(wᵀx + b)}, the probability that
 * {@code y = 1}, trained on the cross-entropy {@code J = -(1/m) Σ [y log ŷ + (1 - y) log(1 - ŷ)]} by batch gradient
 * descent, {@code w := w - α dw}, {@code b := b - α db}. The gradients come from autodiff; seed 002's vectorised
 * equations ({@code dZ = Ŷ - Y}, {@code dw = X dZᵀ / m}, {@code db = Σ dZ / m}) are what the tests and the
 * example check them against. Being a {@code Module}, it also trains with any loss, optimizer or {@code Trainer}.
 *
 * <pre>{@code
 * LogisticRegression model = new LogisticRegression(2);
 * List<Double> cost = model.fit(x, y, 0.5, 200);   // x [m, 2], y [m] of 0 and 1
 * Tensor p = model.forward(x);                     // [m] probabilities
 * Tensor labels = model.predict(x);                // 1 where p >= 0.5
 * }</pre>
 */
public final class LogisticRegression extends Neuron {
    /** {@code inputs} weights and the bias at 0 (a convex cost: zeros are a fine start). */
    public LogisticRegression(int inputs) { this(zeros("LogisticRegression", inputs), 0); }

    public LogisticRegression(double[] weights, double bias) { super(weights, bias); }

    /** {@code σ(wᵀx + b)}. */
    @Override
    public Tensor forward(Tensor x) { return netInput(x).sigmoid(); }

    /** 1 where {@code σ(wᵀx + b) >= 0.5}, that is where {@code wᵀx + b >= 0}; else 0. */
    public Tensor predict(Tensor x) {
        try (var noGrad = Autograd.noGrad()) {
            return netInput(x).heaviside(1);
        }
    }

    /** The cost {@code J} on {@code x} ({@code [m, n]}) and {@code y} ({@code [m]}), computed from the logits (finite at any). */
    public Tensor cost(Tensor x, Tensor y) { return new BCEWithLogitsLoss().apply(netInput(x), checkTargets(x, y)); }

    /**
     * {@code epochs} steps of batch gradient descent at rate {@code α} on the whole of {@code x} and {@code y};
     * returns the cost before each step.
     */
    public List<Double> fit(Tensor x, Tensor y, double rate, int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("LogisticRegression.fit: epochs must be >= 0, got " + epochs);
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("LogisticRegression.fit: the rate must be finite and > 0, got " + rate);
        List<Double> costs = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            try (MemoryScope scope = MemoryScope.open(); var grad = Autograd.enableGrad()) {
                zeroGrad();
                Tensor j = cost(x, y);
                j.backward();
                costs.add(j.item());
                try (var noGrad = Autograd.noGrad()) {
                    weight().subInPlace(weight().grad().mul(rate));
                    bias().subInPlace(bias().grad().mul(rate));
                }
                zeroGrad();
            }
        }
        return costs;
    }
}
