package dev.ember.examples.gradcheck;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.loss.CrossEntropyLoss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient checking (seed 000 §2.7) of a user-written model: a 4 -> 8 -> 3 classifier whose activation is a
 * {@link CustomSwish} with a hand-written derivative, in float64. Each parameter's backpropagated gradient is
 * compared with the seed's two-sided difference {@code dJ/dθ ≈ (J(θ + ε) - J(θ - ε)) / 2ε}, element by element,
 * through the relative difference {@code ‖g - g_approx‖ / (‖g‖ + ‖g_approx‖)}. The seed gives only the
 * approximation; the relative difference, {@code ε = 1e-7} and the thresholds are those of the course seed 000
 * follows (Ng's Deep Learning Specialization): below 1e-7 the backward is right, above 1e-3 it is wrong, in
 * between look closer. The model with the right derivative passes; the one that forgets the product rule fails.
 *
 * <pre>
 * --seed N (default 1)
 * </pre>
 */
public final class GradientChecking {
    static final double EPSILON = 1e-7;
    static final double CORRECT = 1e-7;
    static final double WRONG = 1e-3;

    private GradientChecking() {}

    /** Relative differences per parameter and over all of them ({@code "all"}). */
    record Report(Map<String, Double> perParameter, double overall) {
        String verdict() { return overall < CORRECT ? "correct" : overall > WRONG ? "WRONG" : "look closer"; }
    }

    static Module model(boolean correctDerivative, long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(4, 8, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(4), g),
                new CustomSwish(correctDerivative),
                new Linear(8, 3, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(8), g)).to(DType.FLOAT64);
    }

    /** The cost J: cross-entropy of the model on {@code x}, {@code y}. */
    static Tensor cost(Module model, Tensor x, Tensor y) { return new CrossEntropyLoss().apply(model.forward(x), y); }

    /** Backpropagation against the seed's two-sided differences, for every element of every parameter. */
    static Report check(Module model, Tensor x, Tensor y) {
        model.zeroGrad();
        cost(model, x, y).backward();
        Map<String, Double> perParameter = new LinkedHashMap<>();
        double diffAll = 0, gradAll = 0, approxAll = 0;   // squared norms over all parameters
        try (var noGrad = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                Tensor p = e.getValue();
                double[] theta = p.toDoubleArray();
                double[] grad = p.grad().toDoubleArray();
                double diff = 0, gradSq = 0, approxSq = 0;
                for (int i = 0; i < theta.length; i++) {
                    double plus = costWith(model, p, theta, i, theta[i] + EPSILON, x, y);
                    double minus = costWith(model, p, theta, i, theta[i] - EPSILON, x, y);
                    double approx = (plus - minus) / (2 * EPSILON);
                    diff += (grad[i] - approx) * (grad[i] - approx);
                    gradSq += grad[i] * grad[i];
                    approxSq += approx * approx;
                }
                p.copyFrom(Tensor.of(theta, p.shape()));
                perParameter.put(e.getKey(), relative(diff, gradSq, approxSq));
                diffAll += diff;
                gradAll += gradSq;
                approxAll += approxSq;
            }
        }
        model.zeroGrad();
        return new Report(perParameter, relative(diffAll, gradAll, approxAll));
    }

    private static double relative(double diffSq, double gradSq, double approxSq) {
        double denominator = Math.sqrt(gradSq) + Math.sqrt(approxSq);
        return denominator == 0 ? 0 : Math.sqrt(diffSq) / denominator;
    }

    /** J with element {@code i} of {@code p} set to {@code value}. */
    private static double costWith(Module model, Tensor p, double[] theta, int i, double value, Tensor x, Tensor y) {
        double[] moved = theta.clone();
        moved[i] = value;
        p.copyFrom(Tensor.of(moved, p.shape()));
        return cost(model, x, y).item();
    }

    /** 16 points of 4 features in 3 classes. */
    static List<Tensor> data(long seed) {
        Generator g = new Generator(seed + 100);
        return List.of(g.randn(DType.FLOAT64, 16, 4), g.randint(0, 3, 16));
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--seed", "1"));
        long seed = o.longValue("--seed");
        List<Tensor> xy = data(seed);
        for (boolean correct : new boolean[] {true, false}) {
            Module model = model(correct, seed);
            Report r = check(model, xy.get(0), xy.get(1));
            System.out.printf("The model with CustomSwish, derivative %s:%n", correct
                    ? "s (1 + x (1 - s)) (right)" : "s (the product rule forgotten)");
            r.perParameter().forEach((name, d) -> System.out.printf("  %-10s relative difference %.3e%n", name, d));
            System.out.printf("  all        relative difference %.3e: %s (correct below %.0e, wrong above %.0e)%n%n",
                    r.overall(), r.verdict(), CORRECT, WRONG);
        }
    }
}
