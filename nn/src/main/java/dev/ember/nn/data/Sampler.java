package dev.ember.nn.data;

/**
 * Which examples a {@link DataLoader} visits in an epoch, and in which order, in place of its own shuffle. PyTorch:
 * {@code torch.utils.data.Sampler}.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(32)
 *         .sampler(new DistributedSampler(train.size(), rank, size, 7))
 *         .build();
 * }</pre>
 */
public interface Sampler {
    /** The dataset indices epoch {@code epoch} visits, in order; the same epoch always gives the same indices. */
    int[] order(long epoch);

    /** How many indices every epoch has. */
    int size();
}
