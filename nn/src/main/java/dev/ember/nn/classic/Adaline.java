package dev.ember.nn.classic;

import dev.ember.Autograd;
import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Widrow and Hoff's Adaline as seed 000 §1.3 defines it: the perceptron's output {@code y = g(wᵀx + b)}, but
 * learned on the continuous net input {@code f(x) = wᵀx + b}, before the step (Algorithm 2, the delta rule): for
 * each epoch and each example in order, {@code error = y - f(x)}, {@code w += α · error · x},
 * {@code b += α · error}. The rule is least squares on {@code f}, so the targets are any numbers; train on -1 and
 * +1 (Widrow and Hoff's) so that the step at 0 falls between the classes, and read {@link #forward}'s 1 as +1 and
 * 0 as -1.
 *
 * <pre>{@code
 * Adaline a = new Adaline(2);
 * List<Double> cost = a.fit(x, yPlusMinusOne, 0.01, 50);   // mean squared error of f per epoch
 * Tensor labels = a.forward(x);                            // g(f(x)): 1 where f(x) >= 0, else 0
 * }</pre>
 */
public final class Adaline extends Neuron {
    /** {@code inputs} weights and the bias at 0. */
    public Adaline(int inputs) { this(zeros("Adaline", inputs), 0); }

    /** Given starting weights and bias. */
    public Adaline(double[] weights, double bias) { super(weights, bias); }

    /** The quantizer {@code g(f(x))}: 1 where the net input is {@code >= 0}, else 0. */
    @Override
    public Tensor forward(Tensor x) { return netInput(x).heaviside(1); }

    /**
     * One step of Algorithm 2 on one example {@code x} ({@code [n]}) with target {@code y}; returns the error
     * {@code y - f(x)} it applied.
     */
    public double learn(Tensor x, double y, double rate) {
        checkExample(x);
        try (var noGrad = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            double error = y - netInput(x).item();
            weight().addInPlace(x.to(weight().dtype()).mul(rate * error));
            bias().addInPlace(rate * error);
            return error;
        }
    }

    /**
     * Algorithm 2 for {@code epochs} epochs over {@code x} ({@code [m, n]}) and {@code y} ({@code [m]}) in order at
     * rate {@code α}; returns each epoch's mean of {@code error²} (the errors as the updates saw them).
     */
    public List<Double> fit(Tensor x, Tensor y, double rate, int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("Adaline.fit: epochs must be >= 0, got " + epochs);
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("Adaline.fit: the rate must be finite and > 0, got " + rate);
        double[] targets = checkTargets(x, y).toDoubleArray();
        List<Double> cost = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            for (int j = 0; j < targets.length; j++) {
                double error = learn(x.select(0, j), targets[j], rate);
                sum += error * error;
            }
            cost.add(sum / targets.length);
        }
        return cost;
    }
}
