package dev.ember.nn.classic;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;

/**
 * One neuron with weights {@code w} (a vector) and a bias {@code b}: its net input is
 * {@code f(x) = wᵀx + b} (seed 000's {@code f(x1..xn) = Σ wi xi + b}). Inputs are one example {@code [n]} or a
 * batch {@code [m, n]}; outputs are a scalar or {@code [m]}, one per example.
 */
public abstract sealed class Neuron extends Module permits Perceptron, Adaline, LogisticRegression {
    private final Parameter weight;
    private final Parameter bias;

    Neuron(double[] weights, double bias) {
        if (weights.length == 0) throw new IllegalArgumentException(getClass().getSimpleName() + " needs at least one input");
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) weights[i];
        this.weight = parameter("weight", Tensor.of(w, w.length));
        this.bias = parameter("bias", Tensor.scalar(DType.FLOAT32, bias));
    }

    /** {@code inputs} zero weights, the usual start; throws naming {@code who} unless {@code inputs >= 1}. */
    static double[] zeros(String who, int inputs) {
        if (inputs <= 0) throw new IllegalArgumentException(who + " needs at least one input, got " + inputs);
        return new double[inputs];
    }

    /** The weights {@code w}, shape {@code [n]}. */
    public final Tensor weight() { return weight.value(); }

    /** The bias {@code b}, a scalar. */
    public final Tensor bias() { return bias.value(); }

    /** The number of inputs {@code n}. */
    public final int inputs() { return weight.value().shape()[0]; }

    /** {@code f(x) = wᵀx + b} per example: {@code [m, n] -> [m]}, or {@code [n] ->} a scalar. */
    public final Tensor netInput(Tensor x) {
        checkInput(x);
        Tensor w = weight();
        return x.to(w.dtype()).matmul(w).add(bias());
    }

    final void checkInput(Tensor x) {
        int[] s = x.shape();
        if ((s.length != 1 && s.length != 2) || s[s.length - 1] != inputs()) throw wrongShape("[" + inputs() + "] or [m, " + inputs() + "]", x);
        if (!x.device().equals(weight().device())) {
            throw new IllegalArgumentException(describe() + ": input on " + x.device() + ", weights on " + weight().device());
        }
    }

    /** As {@link #checkInput}, and {@code x} must be one example {@code [n]}. */
    final void checkExample(Tensor x) {
        checkInput(x);
        if (x.shape().length != 1) throw wrongShape("[" + inputs() + "] (one example)", x);
    }

    /** {@code targets} as one value per example of {@code x} ({@code [m]}), in the weights' dtype. */
    final Tensor checkTargets(Tensor x, Tensor targets) {
        checkInput(x);
        if (x.shape().length != 2 || targets.shape().length != 1 || targets.shape()[0] != x.shape()[0]) {
            throw new IllegalArgumentException(describe() + ": expected examples [m, " + inputs() + "] and targets [m], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(targets.shape()));
        }
        return targets.to(weight().dtype());
    }

    @Override
    protected String describe() { return getClass().getSimpleName() + "(inputs=" + inputs() + ")"; }
}
