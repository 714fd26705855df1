package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.loss.Reduction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connectionist temporal classification loss, as PyTorch's {@code F.ctc_loss}: the negative log of the total
 * probability of every alignment of the target (blanks anywhere, repeats merged) with the input, by the forward
 * (alpha) recursion in log space over the extended target {@code blank, l1, blank, l2, ..., blank}.
 *
 * <p>The recursion is written with tensor ops, batched over examples, so autograd gives the gradient. Its
 * log-zero is a large negative finite number, not {@code -inf}: a log-sum-exp of states that are all impossible
 * then stays finite and so does its gradient, while any possible path outweighs it by {@code e^(1e30)}.
 *
 * <p>PyTorch's own gradient with respect to {@code logProbs} adds {@code exp(logProbs)}, which assumes the input
 * is a log-softmax and vanishes once it is backpropagated through one; this form gives the exact derivative of
 * the loss. Both agree on the gradient with respect to the logits under a log-softmax.
 */
final class Ctc {
    private Ctc() {}

    private static final double LOG_ZERO = -1e30;
    /** Losses beyond this mean no alignment exists: PyTorch reports +inf. */
    private static final double IMPOSSIBLE = 1e29;

    static Tensor loss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
                       Reduction reduction, boolean zeroInfinity) {
        String fn = "ctcLoss";
        Checks.floating(fn, "logProbs", logProbs);
        Checks.integral(fn, "targets", targets);
        if (reduction == null) throw new IllegalArgumentException(fn + ": reduction is null");
        boolean unbatched = logProbs.rank() == 2;
        Tensor lp = unbatched ? logProbs.unsqueeze(1) : logProbs;
        if (lp.rank() != 3) throw Checks.wrongShape(fn, "logProbs", "[T, N, C] or [T, C]", logProbs);
        int t = lp.size(0);
        int n = lp.size(1);
        int c = lp.size(2);
        if (blank < 0 || blank >= c) throw new IllegalArgumentException(fn + ": blank " + blank + " is out of range [0, " + c + ")");
        if (inputLengths == null || inputLengths.length != n || targetLengths == null || targetLengths.length != n) {
            throw new IllegalArgumentException(fn + ": need " + n + " input lengths and " + n + " target lengths, got "
                    + (inputLengths == null ? "null" : inputLengths.length) + " and " + (targetLengths == null ? "null" : targetLengths.length));
        }
        long[][] labels = labels(fn, targets, targetLengths, n, unbatched);
        int maxLabels = 0;
        for (int b = 0; b < n; b++) {
            if (inputLengths[b] < 0 || inputLengths[b] > t) {
                throw new IllegalArgumentException(fn + ": input length " + inputLengths[b] + " of example " + b + " is out of range [0, " + t + "]");
            }
            for (long l : labels[b]) {
                if (l < 0 || l >= c || l == blank) {
                    throw new IllegalArgumentException(fn + ": target label " + l + " of example " + b + " must be in [0, " + c
                            + ") and not the blank " + blank);
                }
            }
            maxLabels = Math.max(maxLabels, labels[b].length);
        }
        int s = 2 * maxLabels + 1;
        // the extended targets, padded with blanks, and where the skip from s-2 is allowed
        long[] ext = new long[n * s];
        boolean[] skip = new boolean[n * s];
        for (int b = 0; b < n; b++) {
            Arrays.fill(ext, b * s, (b + 1) * s, blank);
            for (int i = 0; i < labels[b].length; i++) {
                ext[b * s + 2 * i + 1] = labels[b][i];
                skip[b * s + 2 * i + 1] = i > 0 && labels[b][i] != labels[b][i - 1];
            }
        }
        Tensor extIndex = Tensor.of(ext, 1, n, s).to(lp.device()).expand(t, n, s);
        Tensor emit = lp.gather(2, extIndex);                          // [T, N, S]: log p of each state's label
        Tensor canSkip = Tensor.of(skip, n, s).to(lp.device());
        Tensor logZero1 = Tensor.full(lp.device(), lp.dtype(), LOG_ZERO, n, 1);
        Tensor logZero2 = Tensor.full(lp.device(), lp.dtype(), LOG_ZERO, n, 2);
        Tensor logZeroS = Tensor.full(lp.device(), lp.dtype(), LOG_ZERO, n, s);

        double[] start = new double[n * s];
        Arrays.fill(start, LOG_ZERO);
        for (int b = 0; b < n; b++) {
            start[b * s] = 0;
            if (s > 1) start[b * s + 1] = 0;
        }
        Tensor alpha = Tensor.of(start, n, s).to(lp.dtype()).to(lp.device()).add(emit.select(0, 0));
        List<Tensor> alphas = new ArrayList<>(t);
        alphas.add(alpha);
        for (int step = 1; step < t; step++) {
            Tensor prev1 = Tensor.cat(1, logZero1, alpha.narrow(1, 0, s - 1));
            Tensor prev2 = s > 2 ? Tensor.cat(1, logZero2, alpha.narrow(1, 0, s - 2)) : logZeroS;
            prev2 = Tensor.where(canSkip, prev2, logZeroS);
            alpha = Tensor.stack(0, alpha, prev1, prev2).logsumexp(new int[] {0}, false).add(emit.select(0, step));
            alphas.add(alpha);
        }
        Tensor all = Tensor.stack(0, alphas);                           // [T, N, S]
        // each example ends at its own time, in the last label's state or the blank after it
        List<Tensor> losses = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int len = labels[b].length;
            if (inputLengths[b] == 0) {
                losses.add(Tensor.full(lp.device(), lp.dtype(), len == 0 ? 0 : Double.POSITIVE_INFINITY).add(lp.sum().mul(0.0)));
                continue;
            }
            Tensor last = all.select(0, inputLengths[b] - 1).select(0, b);
            Tensor end = len == 0 ? last.narrow(0, 0, 1) : last.narrow(0, 2 * len - 1, 2);
            losses.add(end.logsumexp(new int[] {0}, false).neg());
        }
        Tensor perExample = Tensor.stack(0, losses);
        // no alignment: +inf as PyTorch, or 0 (and no gradient) with zeroInfinity
        Tensor impossible = perExample.detach().gt(IMPOSSIBLE);
        Tensor infinite = Tensor.fullLike(perExample.detach(), zeroInfinity ? 0 : Double.POSITIVE_INFINITY);
        perExample = Tensor.where(impossible, infinite, perExample);
        if (unbatched) perExample = perExample.reshape();
        if (reduction != Reduction.MEAN) return reduction.reduce(perExample);
        double[] lengths = new double[n];
        for (int b = 0; b < n; b++) lengths[b] = Math.max(labels[b].length, 1);
        Tensor divisors = Tensor.of(lengths, n).to(lp.dtype()).to(lp.device());
        return perExample.div(unbatched ? divisors.reshape() : divisors).mean();
    }

    /** Each example's labels, from padded {@code [N, S]} (or {@code [S]} unbatched) or concatenated 1-D targets. */
    private static long[][] labels(String fn, Tensor targets, int[] targetLengths, int n, boolean unbatched) {
        long[] flat = targets.reshape(-1).toLongArray();
        long[][] labels = new long[n][];
        boolean padded = targets.rank() == 2 || (unbatched && targets.rank() == 1);
        if (padded) {
            int rows = targets.rank() == 2 ? targets.size(0) : 1;
            int width = targets.size(-1);
            if (rows != n) throw Checks.wrongShape(fn, "targets", "[" + n + ", S]", targets);
            for (int b = 0; b < n; b++) {
                if (targetLengths[b] < 0 || targetLengths[b] > width) {
                    throw new IllegalArgumentException(fn + ": target length " + targetLengths[b] + " of example " + b
                            + " is out of range [0, " + width + "]");
                }
                labels[b] = Arrays.copyOfRange(flat, b * width, b * width + targetLengths[b]);
            }
            return labels;
        }
        if (targets.rank() != 1) throw Checks.wrongShape(fn, "targets", "[N, S] or the concatenated [sum of lengths]", targets);
        int at = 0;
        for (int b = 0; b < n; b++) {
            if (targetLengths[b] < 0 || at + targetLengths[b] > flat.length) {
                throw new IllegalArgumentException(fn + ": target lengths " + Arrays.toString(targetLengths)
                        + " do not fit concatenated targets of shape " + Shape.str(targets.shape()));
            }
            labels[b] = Arrays.copyOfRange(flat, at, at + targetLengths[b]);
            at += targetLengths[b];
        }
        return labels;
    }

}
