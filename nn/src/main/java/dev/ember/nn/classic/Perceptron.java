package dev.ember.nn.classic;

import dev.ember.Autograd;
import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Rosenblatt's perceptron as seed 000 §1.2 defines it: {@code y = g(wᵀx + b)} with the Heaviside step
 * {@code g(z) = 1 if z >= 0, else 0}, trained by its own rule (Algorithm 1), not by gradients: for each epoch and
 * each example in order, {@code error = y - g(wᵀx + b)}, {@code w += r · error · x}, {@code b += r · error}. It
 * converges on linearly separable data and never on XOR.
 *
 * <pre>{@code
 * Perceptron p = new Perceptron(2);                       // w = 0, b = 0
 * Perceptron.Run run = p.fit(x, y, 1.0, 20);              // x [m, 2], y [m] of 0 and 1
 * Tensor labels = p.forward(x);                           // [m] of 0 and 1
 * }</pre>
 */
public final class Perceptron extends Neuron {
    /** What {@link #fit} did: the examples it got wrong in each epoch, and whether the last epoch got none wrong. */
    public record Run(List<Integer> mistakes, boolean converged) {
        public Run {
            mistakes = List.copyOf(mistakes);
        }

        public int epochs() { return mistakes.size(); }
    }

    /** {@code inputs} weights and the bias at 0, the notes' starting point. */
    public Perceptron(int inputs) { this(zeros("Perceptron", inputs), 0); }

    /** Given starting weights and bias. */
    public Perceptron(double[] weights, double bias) { super(weights, bias); }

    /** {@code g(wᵀx + b)}: 1 where the net input is {@code >= 0}, else 0. */
    @Override
    public Tensor forward(Tensor x) { return netInput(x).heaviside(1); }

    /**
     * One step of Algorithm 1 on one example {@code x} ({@code [n]}) with target {@code y} (0 or 1); returns the
     * error {@code y - g(wᵀx + b)} (-1, 0 or 1) after applying it to the weights.
     */
    public double learn(Tensor x, double y, double rate) {
        checkExample(x);
        checkLabel(y);
        try (var noGrad = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            double error = y - forward(x).item();
            if (error != 0) {
                weight().addInPlace(x.to(weight().dtype()).mul(rate * error));
                bias().addInPlace(rate * error);
            }
            return error;
        }
    }

    /**
     * Algorithm 1 for at most {@code epochs} epochs over the examples {@code x} ({@code [m, n]}) with targets
     * {@code y} ({@code [m]}, 0 or 1) in their order, at rate {@code r}. It stops after the first epoch without a
     * mistake, since the remaining ones would change nothing.
     */
    public Run fit(Tensor x, Tensor y, double rate, int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("Perceptron.fit: epochs must be >= 0, got " + epochs);
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("Perceptron.fit: the rate must be finite and > 0, got " + rate);
        double[] targets = checkTargets(x, y).toDoubleArray();
        for (double t : targets) checkLabel(t);
        List<Integer> mistakes = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int wrong = 0;
            for (int j = 0; j < targets.length; j++) if (learn(x.select(0, j), targets[j], rate) != 0) wrong++;
            mistakes.add(wrong);
            if (wrong == 0) break;
        }
        return new Run(mistakes, !mistakes.isEmpty() && mistakes.getLast() == 0);
    }

    private static void checkLabel(double y) {
        if (y != 0 && y != 1) throw new IllegalArgumentException("Perceptron: targets must be 0 or 1 (the step's outputs), got " + y);
    }
}
