package dev.ember.nn.functional;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.Arrays;

/**
 * Batch, layer, group, instance and local response normalisation, as PyTorch's {@code F.batch_norm} and its
 * siblings: the statistics and affine parameters are passed in, and running statistics are updated in place.
 * The gradient comes from autograd over the tensor ops, except for batch norm in training, which is one fused op
 * with its own gradient rule ({@link Tensor#batchNorm}).
 */
final class Normalizations {
    private Normalizations() {}

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        String fn = "batchNorm";
        Checks.floating(fn, "input", x);
        if (x.rank() < 2) throw Checks.wrongShape(fn, "input", "[N, C, ...]", x);
        int c = x.size(1);
        checkStats(fn, runningMean, runningVar, weight, bias, c, momentum, eps);
        int[] channelShape = channelShape(x.rank(), c);
        if (!training) {
            if (runningMean == null) {
                throw new IllegalArgumentException(fn + ": evaluation (training false) needs running mean and variance");
            }
            return normalizeWithRunning(x, runningMean, runningVar, weight, bias, channelShape, eps);
        }
        long perChannel = x.numel() / c;
        if (perChannel <= 1) {
            throw new IllegalArgumentException(fn + ": expected more than 1 value per channel when training, got input of shape "
                    + Shape.str(x.shape()));
        }
        if (fusable(x, weight, bias)) {
            Tensor.BatchNorm fused = x.batchNorm(weight, bias, eps);
            if (runningMean != null) updateRunning(runningMean, runningVar, fused.mean(), fused.var(), perChannel, momentum);
            return fused.output();
        }
        int[] dims = allBut1(x.rank());
        // one mean, then the centred values serve both the variance and the output
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        Tensor var = centered.mul(centered).mean(dims, true);
        if (runningMean != null) updateRunning(runningMean, runningVar, mean.reshape(c), var.reshape(c), perChannel, momentum);
        Tensor invStd = var.add(eps).rsqrt().reshape(channelShape);
        if (weight == null && bias == null) return centered.mul(invStd);
        Tensor scale = weight == null ? invStd : invStd.mul(weight.reshape(channelShape));
        return scaleShift(centered, scale, bias == null ? null : bias.reshape(channelShape));
    }

    /**
     * Whether the fused op ({@link Tensor#batchNorm}) takes these operands: float32 or float64 with weight and
     * bias of the input's dtype. Anything else (mixed dtypes, which promote) runs as the composite below, whose
     * results the fused op's tests compare with.
     */
    private static boolean fusable(Tensor x, Tensor weight, Tensor bias) {
        boolean kernelType = x.dtype() == DType.FLOAT32 || x.dtype() == DType.FLOAT64;
        return kernelType && (weight == null || weight.dtype() == x.dtype()) && (bias == null || bias.dtype() == x.dtype())
                && (weight == null || weight.device().equals(x.device())) && (bias == null || bias.device().equals(x.device()));
    }

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String fn = "layerNorm";
        Checks.floating(fn, "input", x);
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException(fn + ": normalizedShape must name at least one dim");
        }
        Checks.positive(fn, "eps", eps);
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw Checks.wrongShape(fn, "input", "[..., " + Shape.str(normalizedShape).substring(1), x);
        }
        if (weight != null && !Arrays.equals(weight.shape(), normalizedShape)) throw Checks.wrongShape(fn, "weight", Shape.str(normalizedShape), weight);
        if (bias != null && !Arrays.equals(bias.shape(), normalizedShape)) throw Checks.wrongShape(fn, "bias", Shape.str(normalizedShape), bias);
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor normalized = centered.mul(centered.mul(centered).mean(dims, true).add(eps).rsqrt());
        if (weight != null) normalized = normalized.mul(weight);
        return bias == null ? normalized : normalized.add(bias);
    }

    static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        String fn = "groupNorm";
        Checks.floating(fn, "input", x);
        Checks.atLeast(fn, "groups", groups, 1);
        Checks.positive(fn, "eps", eps);
        if (x.rank() < 2 || x.size(1) % groups != 0) {
            throw Checks.wrongShape(fn, "input", "[N, C, ...] with C divisible by " + groups + " groups", x);
        }
        int c = x.size(1);
        Checks.perChannel(fn, "weight", weight, c);
        Checks.perChannel(fn, "bias", bias, c);
        Tensor grouped = x.reshape(x.size(0), groups, -1);
        Tensor centered = grouped.sub(grouped.mean(new int[] {2}, true));
        Tensor normalized = centered.mul(centered.mul(centered).mean(new int[] {2}, true).add(eps).rsqrt()).reshape(x.shape());
        return affine(normalized, weight, bias, channelShape(x.rank(), c));
    }

    static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                               boolean useInputStats, double momentum, double eps) {
        String fn = "instanceNorm";
        Checks.floating(fn, "input", x);
        if (x.rank() < 3) throw Checks.wrongShape(fn, "input", "[N, C, ...] with at least one spatial dim", x);
        int c = x.size(1);
        checkStats(fn, runningMean, runningVar, weight, bias, c, momentum, eps);
        int[] channelShape = channelShape(x.rank(), c);
        if (!useInputStats) {
            if (runningMean == null) {
                throw new IllegalArgumentException(fn + ": without input statistics it needs running mean and variance");
            }
            return normalizeWithRunning(x, runningMean, runningVar, weight, bias, channelShape, eps);
        }
        long perInstance = x.numel() / ((long) x.size(0) * c);
        if (perInstance <= 1) {
            throw new IllegalArgumentException(fn + ": expected more than 1 spatial element per channel, got input of shape "
                    + Shape.str(x.shape()));
        }
        int[] dims = new int[x.rank() - 2];
        for (int d = 2; d < x.rank(); d++) dims[d - 2] = d;
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        Tensor var = centered.mul(centered).mean(dims, true);
        // PyTorch runs batch norm on [1, N*C, ...] and averages the N updated copies of the running statistics
        if (runningMean != null) {
            updateRunning(runningMean, runningVar, mean.reshape(x.size(0), c).mean(new int[] {0}, false),
                    var.reshape(x.size(0), c).mean(new int[] {0}, false), perInstance, momentum);
        }
        return affine(centered.mul(var.add(eps).rsqrt()), weight, bias, channelShape);
    }

    static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        String fn = "localResponseNorm";
        Checks.floating(fn, "input", x);
        Checks.atLeast(fn, "size", size, 1);
        if (x.rank() < 3) throw Checks.wrongShape(fn, "input", "[N, C, ...] with at least one spatial dim", x);
        // the mean of x^2 over a window of `size` channels, zero-padded size/2 before and (size-1)/2 after
        Tensor sq = x.mul(x);
        int[] padShape = x.shape();
        Tensor padded = sq;
        if (size > 1) {
            padShape[1] = size / 2;
            Tensor before = Tensor.zeros(x.device(), x.dtype(), padShape);
            padShape[1] = (size - 1) / 2;
            Tensor after = Tensor.zeros(x.device(), x.dtype(), padShape);
            padded = Tensor.cat(1, before, sq, after);
        }
        int c = x.size(1);
        Tensor sum = padded.narrow(1, 0, c);
        for (int i = 1; i < size; i++) sum = sum.add(padded.narrow(1, i, c));
        Tensor div = sum.mul(alpha / size).add(k).pow(beta);
        return x.div(div);
    }

    private static void checkStats(String fn, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   int c, double momentum, double eps) {
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(fn + ": running mean and running variance must both be given or both be null");
        }
        Checks.perChannel(fn, "running mean", runningMean, c);
        Checks.perChannel(fn, "running variance", runningVar, c);
        Checks.perChannel(fn, "weight", weight, c);
        Checks.perChannel(fn, "bias", bias, c);
        Checks.probability(fn, "momentum", momentum);
        Checks.positive(fn, "eps", eps);
    }

    private static Tensor normalizeWithRunning(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight,
                                               Tensor bias, int[] channelShape, double eps) {
        Tensor invStd = runningVar.add(eps).rsqrt();
        Tensor scale = weight == null ? invStd : invStd.mul(weight);
        Tensor shift = runningMean.mul(scale).neg();
        if (bias != null) shift = shift.add(bias);
        return scaleShift(x, scale.reshape(channelShape), shift.reshape(channelShape));
    }

    private static Tensor affine(Tensor normalized, Tensor weight, Tensor bias, int[] channelShape) {
        Tensor y = weight == null ? normalized : normalized.mul(weight.reshape(channelShape));
        return bias == null ? y : y.add(bias.reshape(channelShape));
    }

    /** In place and outside the graph: {@code running = (1 - momentum) running + momentum batch}, the variance unbiased. */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar, long n, double momentum) {
        try (var noGrad = Autograd.noGrad()) {
            double unbias = (double) n / (n - 1);
            runningMean.mulInPlace(1 - momentum).addInPlace(mean.detach().mul(momentum).to(runningMean.dtype()));
            runningVar.mulInPlace(1 - momentum).addInPlace(biasedVar.detach().mul(momentum * unbias).to(runningVar.dtype()));
        }
    }

    /**
     * {@code x * scale + shift}: one fused pass when nothing is recorded; two ops otherwise, since the fused
     * op's gradient costs more passes over {@code x} than the two ops' gradients do.
     */
    private static Tensor scaleShift(Tensor x, Tensor scale, Tensor shift) {
        if (shift == null) return x.mul(scale);
        boolean recording = Autograd.isGradEnabled() && (x.requiresGrad() || scale.requiresGrad() || shift.requiresGrad());
        return recording ? x.mul(scale).add(shift) : Tensor.addcmul(shift, x, scale, 1);
    }

    private static int[] allBut1(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) dims[d - 1] = d;
        return dims;
    }

    /** {@code [C, 1, ...]}: a per-channel tensor shaped to broadcast against the input's dims after the batch. */
    private static int[] channelShape(int rank, int c) {
        int[] shape = new int[rank - 1];
        Arrays.fill(shape, 1);
        shape[0] = c;
        return shape;
    }
}
