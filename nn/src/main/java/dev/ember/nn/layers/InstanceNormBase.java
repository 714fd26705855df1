package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Buffer;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.functional.F;

/**
 * What {@link InstanceNorm1d} and {@link InstanceNorm2d} share (PyTorch's {@code _InstanceNorm}): each example's
 * each channel normalised over its spatial dims. As in PyTorch, by default there are no affine parameters and no
 * running statistics; with {@code trackRunningStats}, evaluation mode normalises with the running ones. An input
 * without the batch dim is taken as one example.
 */
abstract class InstanceNormBase extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;

    InstanceNormBase(int features, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        String layer = getClass().getSimpleName();
        this.features = Arguments.atLeast(layer, "numFeatures", features, 1);
        if (!(eps > 0)) throw new IllegalArgumentException(layer + " needs eps > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(layer + " needs momentum in [0, 1], got " + momentum);
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

    /** The batched rank this layer takes: 3 or 4. */
    abstract int rank();

    abstract String expectedShape();

    @Override
    public Tensor forward(Tensor x) {
        boolean unbatched = x.rank() == rank() - 1;
        if ((x.rank() != rank() && !unbatched) || x.size(unbatched ? 0 : 1) != features) throw wrongShape(expectedShape(), x);
        Tensor batched = unbatched ? x.unsqueeze(0) : x;
        boolean inputStats = isTraining() || runningMean == null;
        Tensor y = F.instanceNorm(batched, runningMean == null ? null : runningMean.value(), runningVar == null ? null : runningVar.value(),
                weight == null ? null : weight.value(), bias == null ? null : bias.value(), inputStats, momentum, eps);
        if (isTraining() && runningMean != null) {
            try (var noGrad = Autograd.noGrad()) {
                Tensor count = batchesTracked.value();
                count.addInPlace(Tensor.onesLike(count));
            }
        }
        return unbatched ? y.squeeze(0) : y;
    }

    public int numFeatures() { return features; }

    /** Null when built without {@code affine}. */
    public Parameter weight() { return weight; }

    /** Null when built without {@code affine}. */
    public Parameter bias() { return bias; }

    /** Null when built without {@code trackRunningStats}. */
    public Buffer runningMean() { return runningMean; }

    /** Null when built without {@code trackRunningStats}. */
    public Buffer runningVar() { return runningVar; }

    @Override
    protected String describe() {
        return getClass().getSimpleName() + "(" + features + (eps != 1e-5 ? ", eps=" + eps : "")
                + (momentum != 0.1 ? ", momentum=" + momentum : "") + (weight != null ? ", affine=true" : "")
                + (runningMean != null ? ", trackRunningStats=true" : "") + ")";
    }
}
