package dev.ember.nn.layers;

/**
 * Batch normalisation of {@code [N, C]} or {@code [N, C, L]} per channel, as PyTorch's {@code nn.BatchNorm1d};
 * see {@link BatchNorm2d} for the parameters, buffers and modes.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 256), new BatchNorm1d(256), new ReLU(), new Linear(256, 10));
 * }</pre>
 */
public final class BatchNorm1d extends BatchNormBase {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, BatchNorm2d.DEFAULT_EPS, BatchNorm2d.DEFAULT_MOMENTUM, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    String expectedShape() { return "[N, " + numFeatures() + "] or [N, " + numFeatures() + ", L]"; }

    @Override
    boolean acceptsRank(int rank) { return rank == 2 || rank == 3; }
}
