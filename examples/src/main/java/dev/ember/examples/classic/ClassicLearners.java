package dev.ember.examples.classic;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.classic.Adaline;
import dev.ember.nn.classic.Perceptron;

import java.io.PrintStream;
import java.util.List;

/**
 * Seed 000 §1.2-1.3: a perceptron (Algorithm 1) and Adaline (Algorithm 2, the delta rule) learn a linearly
 * separable set; then the perceptron meets XOR and never gets every example right, however long it runs.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -Prun-example package -DskipTests -Dexample=dev.ember.examples.classic.ClassicLearners
 * </pre>
 */
public final class ClassicLearners {
    private ClassicLearners() {}

    /** What one run shows: each learner's accuracy on the separable set, and the perceptron on XOR. */
    public record Outcome(Perceptron.Run separableRun, double perceptronAccuracy, double adalineAccuracy,
                          List<Double> adalineCost, Perceptron.Run xorRun) {}

    public static void main(String[] args) { run(System.out, 100); }

    /** Runs all three on {@code examples} points per class, printing as it goes. */
    public static Outcome run(PrintStream out, int examples) {
        // two clouds around (2, 2) and (-2, -1): separable by a line
        Generator gen = new Generator(2024);
        Tensor a = gen.randn(examples, 2).mul(0.7).add(Tensor.of(new float[] {2, 2}, 2));
        Tensor b = gen.randn(examples, 2).mul(0.7).add(Tensor.of(new float[] {-2, -1}, 2));
        // Algorithm 1 visits the examples in order: alternate the classes (a0, b0, a1, b1, ...)
        Tensor x = Tensor.stack(1, List.of(a, b)).reshape(2 * examples, 2);
        Tensor y = Tensor.stack(1, List.of(Tensor.ones(examples), Tensor.zeros(examples))).reshape(2 * examples);

        out.println("Perceptron (Algorithm 1: w += r (y - g(w.x + b)) x), r = 0.1, on two separable clouds of " + examples + " points");
        Perceptron perceptron = new Perceptron(2);
        Perceptron.Run run = perceptron.fit(x, y, 0.1, 100);
        out.println("  mistakes per epoch: " + run.mistakes() + (run.converged() ? "  -> converged" : "  -> did not converge"));
        double pAcc = accuracy(perceptron.forward(x), y);
        out.printf("  w = %s, b = %.3f, accuracy %.1f%%%n", java.util.Arrays.toString(perceptron.weight().toFloatArray()), perceptron.bias().item(), 100 * pAcc);

        out.println("Adaline (Algorithm 2: w += a (y - f(x)) x on the continuous output), a = 0.01, targets -1/+1, 20 epochs");
        Adaline adaline = new Adaline(2);
        List<Double> cost = adaline.fit(x, y.mul(2.0).sub(1.0), 0.01, 20);
        out.printf("  mean squared error of f per epoch: first %.4f, last %.4f%n", cost.getFirst(), cost.getLast());
        double aAcc = accuracy(adaline.forward(x), y);
        out.printf("  w = %s, b = %.3f, accuracy %.1f%%%n", java.util.Arrays.toString(adaline.weight().toFloatArray()), adaline.bias().item(), 100 * aAcc);

        out.println("Perceptron on XOR, r = 1, 50 epochs: a line cannot separate it");
        Tensor xorX = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor xorY = Tensor.of(new float[] {0, 1, 1, 0}, 4);
        Perceptron xorPerceptron = new Perceptron(2);
        Perceptron.Run xorRun = xorPerceptron.fit(xorX, xorY, 1.0, 50);
        out.println("  mistakes per epoch: " + xorRun.mistakes().subList(0, 8) + "... " + (xorRun.converged() ? "converged" : "never 0: did not converge in " + xorRun.epochs() + " epochs"));
        out.println("  outputs " + java.util.Arrays.toString(xorPerceptron.forward(xorX).toFloatArray()) + " for targets [0, 1, 1, 0]");
        return new Outcome(run, pAcc, aAcc, cost, xorRun);
    }

    private static double accuracy(Tensor predicted, Tensor y) {
        return predicted.eq(y).to(dev.ember.DType.FLOAT32).mean().item();
    }
}
