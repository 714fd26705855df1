package dev.ember.nn.layers;

/**
 * Instance normalisation of {@code [N, C, H, W]}, as PyTorch's {@code nn.InstanceNorm2d}: each example's each channel
 * normalised over its spatial positions. PyTorch's defaults: eps 1e-5, momentum 0.1, no affine parameters
 * ({@code weight}/{@code bias} when {@code affine}), no running statistics ({@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} when {@code trackRunningStats}).
 *
 * <pre>{@code
 * Tensor y = new InstanceNorm2d(3).forward(images);     // [N, 3, H, W], style-transfer style
 * }</pre>
 */
public final class InstanceNorm2d extends InstanceNormBase {
    public InstanceNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    int rank() { return 4; }

    @Override
    String expectedShape() { return "[N, " + numFeatures() + ", H, W] or [" + numFeatures() + ", H, W]"; }
}
