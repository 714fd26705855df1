package dev.ember.nn.layers;

/**
 * Instance normalisation of {@code [N, C, L]}, as PyTorch's {@code nn.InstanceNorm1d}: each example's each channel
 * normalised over its spatial positions. PyTorch's defaults: eps 1e-5, momentum 0.1, no affine parameters
 * ({@code weight}/{@code bias} when {@code affine}), no running statistics ({@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} when {@code trackRunningStats}).
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm1d(16).forward(signals);   // [N, 16, L], each signal of each example normalised
 * }</pre>
 */
public final class InstanceNorm1d extends InstanceNormBase {
    public InstanceNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    int rank() { return 3; }

    @Override
    String expectedShape() { return "[N, " + numFeatures() + ", L] or [" + numFeatures() + ", L]"; }
}
