package dev.ember.nn.layers;

/**
 * Batch normalisation of {@code [N, C, H, W]} per channel, as PyTorch's {@code nn.BatchNorm2d}: parameters
 * {@code weight} (ones) and {@code bias} (zeros), buffers {@code running_mean}, {@code running_var} and
 * {@code num_batches_tracked}. Training mode normalises with the batch statistics and updates the running ones;
 * {@link #eval()} mode uses the running ones.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(32);
 * Tensor y = bn.forward(conv.forward(images)).relu();   // [64, 32, 28, 28]
 * bn.eval();                                            // now normalises with running_mean / running_var
 * }</pre>
 */
public final class BatchNorm2d extends BatchNormBase {
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default {@code momentum}: the weight of each new batch in the running statistics. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    public BatchNorm2d(int numFeatures) { this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true); }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    String expectedShape() { return "[N, " + numFeatures() + ", H, W]"; }

    @Override
    boolean acceptsRank(int rank) { return rank == 4; }
}
