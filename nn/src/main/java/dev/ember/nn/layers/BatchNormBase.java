package dev.ember.nn.layers;

import dev.ember.Autocast;
import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Buffer;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;

/**
 * The batch-norm math shared by {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's {@code _BatchNorm}):
 * the subclasses only say which input ranks they take. Statistics are per channel (dim 1) over every other dim.
 *
 * <p>Training: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the batch mean and the biased batch
 * variance; the running statistics move towards the batch ones ({@code running = (1 - momentum) running +
 * momentum batch}, the variance unbiased) in place and outside the graph. Evaluation: the running statistics
 * replace the batch ones, folded into one scale and shift per channel. The gradient comes from autograd over
 * the tensor ops.
 */
abstract class BatchNormBase extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;

    BatchNormBase(int features, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        String layer = getClass().getSimpleName();
        if (features <= 0) throw new IllegalArgumentException(layer + " needs a positive number of features, got " + features);
        if (!(eps > 0)) throw new IllegalArgumentException(layer + " needs eps > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(layer + " needs momentum in [0, 1], got " + momentum);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        try (var noGrad = Autograd.noGrad()) {
            weight = affine ? parameter("weight", Tensor.ones(features)) : null;
            bias = affine ? parameter("bias", Tensor.zeros(features)) : null;
            runningMean = trackRunningStats ? buffer("running_mean", Tensor.zeros(features)) : null;
            runningVar = trackRunningStats ? buffer("running_var", Tensor.ones(features)) : null;
            batchesTracked = trackRunningStats ? buffer("num_batches_tracked", Tensor.zeros(DType.INT64)) : null;
        }
    }

    /** The input shape this layer takes, for errors, e.g. {@code [N, 32, H, W]}. */
    abstract String expectedShape();

    /** Whether an input of this rank is one this layer takes. */
    abstract boolean acceptsRank(int rank);

    @Override
    public Tensor forward(Tensor x) {
        x = Autocast.cast("batchNorm", x);
        if (!acceptsRank(x.rank()) || x.size(1) != features) throw wrongShape(expectedShape(), x);
        int[] dims = reducedDims(x.rank());
        int[] channelShape = channelShape(x.rank());
        boolean batchStats = isTraining() || runningMean == null;
        if (!batchStats) return normalizeWithRunning(x, channelShape);

        long perChannel = x.numel() / features;
        if (isTraining() && perChannel <= 1) {
            throw new IllegalArgumentException(describe() + ": expected more than 1 value per channel when training, got input of shape "
                    + dev.ember.Shape.str(x.shape()));
        }
        // one mean, then the centred values serve both the variance and the output (Tensor.var would centre again)
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        Tensor var = centered.mul(centered).mean(dims, true);
        if (isTraining() && runningMean != null) updateRunningStats(mean, var, perChannel);
        Tensor invStd = var.add(eps).rsqrt().reshape(channelShape);
        if (weight == null) return centered.mul(invStd);
        return scaleShift(centered, invStd.mul(weight.value().reshape(channelShape)), bias.value().reshape(channelShape));
    }

    private Tensor normalizeWithRunning(Tensor x, int[] channelShape) {
        Tensor invStd = runningVar.value().add(eps).rsqrt();
        Tensor scale = weight == null ? invStd : invStd.mul(weight.value());
        Tensor shift = runningMean.value().mul(scale).neg();
        if (bias != null) shift = shift.add(bias.value());
        return scaleShift(x, scale.reshape(channelShape), shift.reshape(channelShape));
    }

    /**
     * {@code x * scale + shift}: one fused pass when nothing is recorded; two ops otherwise, since the fused
     * op's gradient costs more passes over {@code x} than the two ops' gradients do.
     */
    private static Tensor scaleShift(Tensor x, Tensor scale, Tensor shift) {
        boolean recording = Autograd.isGradEnabled() && (x.requiresGrad() || scale.requiresGrad() || shift.requiresGrad());
        return recording ? x.mul(scale).add(shift) : Tensor.addcmul(shift, x, scale, 1);
    }

    private void updateRunningStats(Tensor mean, Tensor biasedVar, long perChannel) {
        try (var noGrad = Autograd.noGrad()) {
            Tensor rm = runningMean.value();
            Tensor rv = runningVar.value();
            double unbias = (double) perChannel / (perChannel - 1);
            rm.mulInPlace(1 - momentum).addInPlace(mean.detach().reshape(features).mul(momentum).to(rm.dtype()));
            rv.mulInPlace(1 - momentum).addInPlace(biasedVar.detach().reshape(features).mul(momentum * unbias).to(rv.dtype()));
            Tensor count = batchesTracked.value();
            count.addInPlace(Tensor.onesLike(count));
        }
    }

    private static int[] reducedDims(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) dims[d - 1] = d;
        return dims;
    }

    /** {@code [C, 1, ...]}: a per-channel tensor shaped to broadcast against the input's dims after the batch. */
    private int[] channelShape(int rank) {
        int[] shape = new int[rank - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = features;
        return shape;
    }

    public int numFeatures() { return features; }

    public double eps() { return eps; }

    public double momentum() { return momentum; }

    /** Null when built with {@code affine} false. */
    public Parameter weight() { return weight; }

    /** Null when built with {@code affine} false. */
    public Parameter bias() { return bias; }

    /** Null when built with {@code trackRunningStats} false. */
    public Buffer runningMean() { return runningMean; }

    /** Null when built with {@code trackRunningStats} false. */
    public Buffer runningVar() { return runningVar; }

    /** The number of training batches seen (int64 scalar); null when built with {@code trackRunningStats} false. */
    public Buffer numBatchesTracked() { return batchesTracked; }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append('(').append(features);
        if (eps != BatchNorm2d.DEFAULT_EPS) s.append(", eps=").append(eps);
        if (momentum != BatchNorm2d.DEFAULT_MOMENTUM) s.append(", momentum=").append(momentum);
        if (weight == null) s.append(", affine=false");
        if (runningMean == null) s.append(", trackRunningStats=false");
        return s.append(')').toString();
    }
}
