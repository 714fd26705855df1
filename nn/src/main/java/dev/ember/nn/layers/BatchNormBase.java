package dev.ember.nn.layers;

import dev.ember.Autocast;
import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Buffer;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.functional.F;

/**
 * The batch-norm math shared by {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's {@code _BatchNorm}):
 * the subclasses only say which input ranks they take. Statistics are per channel (dim 1) over every other dim;
 * the math is {@link F#batchNorm}.
 *
 * <p>Training: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the batch mean and the biased batch
 * variance; the running statistics move towards the batch ones ({@code running = (1 - momentum) running +
 * momentum batch}, the variance unbiased) in place and outside the graph. Evaluation: the running statistics
 * replace the batch ones, folded into one scale and shift per channel. Training runs as one fused op each way
 * ({@link Tensor#batchNorm}); evaluation as tensor ops.
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
        boolean batchStats = isTraining() || runningMean == null;
        if (isTraining() && x.numel() / features <= 1) {
            throw new IllegalArgumentException(describe() + ": expected more than 1 value per channel when training, got input of shape "
                    + dev.ember.Shape.str(x.shape()));
        }
        Tensor y = F.batchNorm(x, runningMean == null ? null : runningMean.value(), runningVar == null ? null : runningVar.value(),
                weight == null ? null : weight.value(), bias == null ? null : bias.value(), batchStats, momentum, eps);
        if (isTraining() && runningMean != null) {
            try (var noGrad = Autograd.noGrad()) {
                Tensor count = batchesTracked.value();
                count.addInPlace(Tensor.onesLike(count));
            }
        }
        return y;
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
