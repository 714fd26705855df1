package dev.ember.examples.classic;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.classic.LogisticRegression;

import java.io.PrintStream;

/**
 * Seed 002's logistic regression, vectorised exactly as the notes write it, with {@code X} of shape
 * {@code (n_x, m)} (one example per column): {@code Z = wᵀX + b}, {@code A = σ(Z)}, {@code dZ = A - Y},
 * {@code dw = X dZᵀ / m}, {@code db = Σ dZ / m}, {@code w := w - α dw}, {@code b := b - α db}. Every step's hand
 * gradients are checked against the ones autodiff gives {@link LogisticRegression} on the same weights, in float64.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -Prun-example package -DskipTests -Dexample=dev.ember.examples.classic.LogisticRegressionByHand
 * </pre>
 */
public final class LogisticRegressionByHand {
    private LogisticRegressionByHand() {}

    /** The largest difference between the equations' and autodiff's gradients, and the final cost and accuracy. */
    public record Outcome(double largestGradientDifference, double firstCost, double lastCost, double accuracy) {}

    public static void main(String[] args) { run(System.out, 200, 300); }

    public static Outcome run(PrintStream out, int m, int steps) {
        Generator gen = new Generator(42);
        int nx = 3;
        Tensor examples = gen.randn(DType.FLOAT64, m, nx);                  // [m, n_x], as Ember's layers take them
        Tensor trueW = Tensor.of(new double[] {1.5, -2.0, 0.5}, nx);
        Tensor noise = gen.randn(DType.FLOAT64, m).mul(0.3);
        Tensor labels = examples.matmul(trueW).add(0.25).add(noise).heaviside(1);   // [m] of 0 and 1
        Tensor X = examples.t().contiguous();                               // (n_x, m): the notes' layout
        Tensor Y = labels.reshape(1, m);                                    // (1, m)

        Tensor w = Tensor.zeros(DType.FLOAT64, nx, 1);                      // (n_x, 1)
        double b = 0;
        double alpha = 0.5;
        LogisticRegression neuron = new LogisticRegression(nx);
        neuron.to(DType.FLOAT64);
        double largest = 0, first = Double.NaN, last = Double.NaN;
        out.printf("Logistic regression on %d examples of %d features, alpha = %.2f, %d steps of batch gradient descent%n", m, nx, alpha, steps);
        for (int step = 0; step < steps; step++) {
            try (var noGrad = Autograd.noGrad()) {
                Tensor Z = w.t().matmul(X).add(b);                          // (1, m)
                Tensor A = Z.sigmoid();
                double J = Y.mul(A.log()).add(Y.rsub(1.0).mul(A.rsub(1.0).log())).sum().item() / -m;
                Tensor dZ = A.sub(Y);
                Tensor dw = X.matmul(dZ.t()).div(m);                        // (n_x, 1)
                double db = dZ.sum().item() / m;

                // autodiff on the same weights
                neuron.weight().copyFrom(w.reshape(nx));
                neuron.bias().fillInPlace(b);
                try (var grad = Autograd.enableGrad()) {
                    neuron.zeroGrad();
                    neuron.cost(examples, labels).backward();
                }
                largest = Math.max(largest, neuron.weight().grad().sub(dw.reshape(nx)).abs().max().item());
                largest = Math.max(largest, Math.abs(neuron.bias().grad().item() - db));
                neuron.zeroGrad();

                w = w.sub(dw.mul(alpha));
                b -= alpha * db;
                if (step == 0) first = J;
                last = J;
                if (step % 50 == 0 || step == steps - 1) {
                    out.printf("  step %3d  J = %.5f  dw = %s  db = %+.5f%n", step, J, java.util.Arrays.toString(round(dw.toDoubleArray())), db);
                }
            }
        }
        Tensor predicted = w.t().matmul(X).add(b).heaviside(1).reshape(m);
        double accuracy = predicted.eq(labels).to(DType.FLOAT64).mean().item();
        out.printf("largest |hand - autodiff| over all gradients and steps: %.3g (float64)%n", largest);
        out.printf("w = %s, b = %.4f (the labels came from w = [1.5, -2, 0.5], b = 0.25 with noise); accuracy %.1f%%%n",
                java.util.Arrays.toString(round(w.toDoubleArray())), b, 100 * accuracy);
        return new Outcome(largest, first, last, accuracy);
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i] * 1e5) / 1e5;
        return r;
    }
}
