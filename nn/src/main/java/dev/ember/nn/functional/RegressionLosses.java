package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.loss.Reduction;

import java.util.Arrays;

/** Smooth L1, Poisson and Gaussian negative log-likelihood, as PyTorch's {@code F.smooth_l1_loss}, {@code F.poisson_nll_loss}, {@code F.gaussian_nll_loss}. */
final class RegressionLosses {
    private RegressionLosses() {}

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}; {@code beta = 0} is L1. */
    static Tensor smoothL1(Tensor input, Tensor target, Reduction reduction, double beta) {
        String fn = "smoothL1Loss";
        prepare(fn, input, target, reduction);
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException(fn + ": beta must be finite and >= 0, got " + beta);
        Tensor a = input.sub(target).abs();
        if (beta == 0) return reduction.reduce(a);
        // branch-free: with q = min(a, beta), q^2 / (2 beta) + (a - q)
        Tensor q = a.clampMax(beta);
        return reduction.reduce(q.mul(q).mul(0.5 / beta).add(a.sub(q)));
    }

    /**
     * With {@code logInput}: {@code exp(input) - target * input}; else {@code input - target * log(input + eps)};
     * {@code full} adds Stirling's {@code target log target - target + log(2 pi target) / 2} where target > 1.
     */
    static Tensor poissonNll(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        String fn = "poissonNllLoss";
        prepare(fn, input, target, reduction);
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor t = target;
            Tensor safe = Tensor.where(t.gt(1.0), t, Tensor.onesLike(t));
            Tensor stirling = safe.mul(safe.log()).sub(safe).add(safe.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(Tensor.where(t.gt(1.0), stirling, Tensor.zerosLike(stirling)));
        }
        return reduction.reduce(loss);
    }

    /**
     * {@code (log(max(var, eps)) + (input - target)^2 / max(var, eps)) / 2}, plus {@code log(2 pi) / 2} when
     * {@code full}. {@code var} has the input's shape, or lacks its last dim, or has 1 there (one variance for
     * all the features). As in PyTorch, the clamp is outside the graph: the gradient is taken at the clamped value.
     */
    static Tensor gaussianNll(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        String fn = "gaussianNllLoss";
        Checks.floating(fn, "input", input);
        Checks.floating(fn, "target", target);
        Checks.floating(fn, "var", var);
        if (reduction == null) throw new IllegalArgumentException(fn + ": reduction is null");
        Tensor v = var;
        int[] in = input.shape();
        if (!Arrays.equals(var.shape(), in)) {
            int[] lead = Arrays.copyOf(in, Math.max(in.length - 1, 0));
            if (in.length > 0 && Arrays.equals(var.shape(), lead)) {
                v = var.unsqueeze(-1);
            } else if (!(in.length > 0 && var.rank() == in.length && var.size(-1) == 1
                    && Arrays.equals(Arrays.copyOf(var.shape(), in.length - 1), lead))) {
                throw new IllegalArgumentException(fn + ": var " + Shape.str(var.shape()) + " must have the input's shape "
                        + Shape.str(in) + ", or lack its last dim, or have 1 there");
            }
        }
        if (v.detach().lt(0.0).any().item() != 0) throw new IllegalArgumentException(fn + ": var has negative entries");
        v = v.add(v.detach().clampMin(eps).sub(v.detach()));
        Tensor d = input.sub(target);
        Tensor loss = v.log().add(d.mul(d).div(v)).mul(0.5);
        if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
        return reduction.reduce(loss);
    }

    private static void prepare(String fn, Tensor input, Tensor target, Reduction reduction) {
        Checks.floating(fn, "input", input);
        Checks.floating(fn, "target", target);
        Checks.sameShape(fn, "input", input, "target", target);
        if (reduction == null) throw new IllegalArgumentException(fn + ": reduction is null");
    }
}
