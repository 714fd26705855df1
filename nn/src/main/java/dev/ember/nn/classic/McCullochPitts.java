package dev.ember.nn.classic;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Buffer;
import dev.ember.nn.Module;

import java.util.Arrays;

/**
 * The McCulloch-Pitts neuron of seed 000 §1.1: boolean inputs, weights and threshold set by hand (it does not
 * learn), {@code y = 1 if Σ wi xi >= θ, else 0}. The weights and the threshold are buffers: saved with the module,
 * never trained.
 *
 * <pre>{@code
 * McCullochPitts and = McCullochPitts.and(2);               // w = (1, 1), θ = 2
 * Tensor y = and.forward(Tensor.of(new boolean[] {true, true, true, false}, 2, 2));   // [1, 0]
 * }</pre>
 */
public final class McCullochPitts extends Module {
    private final Buffer weight;
    private final Buffer threshold;

    public McCullochPitts(double[] weights, double threshold) {
        if (weights.length == 0) throw new IllegalArgumentException("McCullochPitts needs at least one input");
        for (double w : weights) if (!Double.isFinite(w)) throw new IllegalArgumentException("McCullochPitts: weights must be finite, got " + Arrays.toString(weights));
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("McCullochPitts: the threshold must be finite, got " + threshold);
        this.weight = buffer("weight", Tensor.of(weights.clone(), weights.length));
        this.threshold = buffer("threshold", Tensor.scalar(DType.FLOAT64, threshold));
    }

    /** AND of {@code n} inputs: every weight 1, {@code θ = n}. */
    public static McCullochPitts and(int n) { return new McCullochPitts(ones(n), n); }

    /** OR of {@code n} inputs: every weight 1, {@code θ = 1}. */
    public static McCullochPitts or(int n) { return new McCullochPitts(ones(n), 1); }

    /** NOT of one input: weight -1, {@code θ = 0}. */
    public static McCullochPitts not() { return new McCullochPitts(new double[] {-1}, 0); }

    private static double[] ones(int n) {
        if (n <= 0) throw new IllegalArgumentException("McCullochPitts needs at least one input, got " + n);
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    /** The weighted sum {@code Σ wi xi} per example (float64): {@code [m, n] -> [m]}, {@code [n] ->} a scalar. */
    public Tensor sum(Tensor x) {
        int n = weight.value().shape()[0];
        int[] s = x.shape();
        if ((s.length != 1 && s.length != 2) || s[s.length - 1] != n) throw wrongShape("[" + n + "] or [m, " + n + "] of booleans", x);
        Tensor values = x.to(DType.FLOAT64);
        try (var noGrad = Autograd.noGrad()) {
            if (!values.eq(0.0).logicalOr(values.eq(1.0)).all().toBooleanArray()[0]) {
                throw new IllegalArgumentException(describe() + ": inputs must be boolean (0 or 1), got other values in " + x.dtype() + " " + dev.ember.Shape.str(s));
            }
        }
        return values.matmul(weight.value());
    }

    /** 1 where the weighted sum reaches the threshold ({@code >= θ}), else 0, as float32. */
    @Override
    public Tensor forward(Tensor x) { return sum(x).sub(threshold.value()).heaviside(1).to(DType.FLOAT32); }

    public double threshold() { return threshold.value().item(); }

    public double[] weights() { return weight.value().toDoubleArray(); }

    @Override
    protected String describe() { return "McCullochPitts(weights=" + Arrays.toString(weights()) + ", threshold=" + threshold() + ")"; }
}
