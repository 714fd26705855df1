package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.Collection;

/**
 * L1 and L2 penalties as loss terms, in the seeds' form (seed 000 §2.6.2): with {@code m} examples,
 * {@code J = E + λ/(2m) Σ‖W‖²} (L2, whose gradient adds {@code (λ/m) W}) and {@code J = E + λ/(2m) Σ|W|}
 * (L1). The overloads without {@code m} take {@code m = 1}: {@code l2(ps, λ)} has the gradient {@code λW} of
 * an optimizer's weight decay {@code λ}. The penalty is recorded, so {@code backward} reaches the parameters;
 * pass only the tensors to penalise (usually weights, not biases).
 *
 * <pre>{@code
 * Tensor loss = ce.apply(model.forward(x), y).add(Regularization.l2(weights, 0.01, batchSize));
 * loss.backward();
 * }</pre>
 */
public final class Regularization {
    private Regularization() {}

    /** {@code λ/(2m) Σ w²} over every element of every tensor. */
    public static Tensor l2(Collection<Tensor> parameters, double lambda, int m) {
        return penalty("l2", parameters, lambda, m, true);
    }

    /** {@code λ/2 Σ w²}. */
    public static Tensor l2(Collection<Tensor> parameters, double lambda) { return l2(parameters, lambda, 1); }

    /** {@code λ/(2m) Σ |w|} over every element of every tensor. */
    public static Tensor l1(Collection<Tensor> parameters, double lambda, int m) {
        return penalty("l1", parameters, lambda, m, false);
    }

    /** {@code λ/2 Σ |w|}. */
    public static Tensor l1(Collection<Tensor> parameters, double lambda) { return l1(parameters, lambda, 1); }

    private static Tensor penalty(String name, Collection<Tensor> parameters, double lambda, int m, boolean squared) {
        String who = "Regularization." + name;
        if (parameters.isEmpty()) throw new IllegalArgumentException(who + ": no parameters to penalise");
        Hyperparameters.nonNegative(who, "lambda", lambda);
        if (m <= 0) throw new IllegalArgumentException(who + ": the number of examples m must be > 0, got " + m);
        Tensor total = null;
        for (Tensor p : parameters) {
            if (!p.dtype().isFloating()) throw new IllegalArgumentException(who + ": parameters must be floating, got " + p.dtype());
            Tensor term = squared ? p.mul(p).sum() : p.abs().sum();
            total = total == null ? term : total.add(term);
        }
        return total.mul(lambda / (2.0 * m));
    }
}
