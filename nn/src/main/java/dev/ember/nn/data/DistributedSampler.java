package dev.ember.nn.data;

/**
 * Rank {@code rank}'s share of a dataset in data-parallel training: each epoch, the examples are shuffled with a seed
 * every rank shares (mixed with the epoch, so each epoch has a new order, the same on every rank), padded by repeating
 * the first ones until the count divides by {@code size}, and rank r takes every {@code size}-th index from r on. So
 * the ranks' shards are disjoint but for the padding, equally long, and batch k of the ranks together is examples
 * {@code k*B*size .. (k+1)*B*size - 1} of the shared order: what one process with batch {@code B*size} sees.
 * With {@code dropLast} the tail that does not divide is dropped instead of padded. PyTorch:
 * {@code torch.utils.data.distributed.DistributedSampler} (the same padding and striding; its shuffle draws
 * from torch's generator, this one from Ember's {@link DataLoader} order).
 *
 * <pre>{@code
 * var sampler = new DistributedSampler(train.size(), group.rank(), group.size(), 7);
 * DataLoader loader = DataLoader.builder(train).batchSize(32).sampler(sampler).build();
 * for (int epoch = 0; epoch < 3; epoch++) {
 *     loader.setEpoch(epoch);                  // Trainer does this each epoch
 *     for (Batch b : loader) { ... }
 * }
 * }</pre>
 */
public final class DistributedSampler implements Sampler {
    private final int datasetSize;
    private final int rank;
    private final int replicas;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int perRank;

    /** Shuffled with {@code seed}, padded. */
    public DistributedSampler(int datasetSize, int rank, int replicas, long seed) {
        this(datasetSize, rank, replicas, true, seed, false);
    }

    public DistributedSampler(int datasetSize, int rank, int replicas, boolean shuffle, long seed, boolean dropLast) {
        if (datasetSize < 0) throw new IllegalArgumentException("DistributedSampler: dataset size must be >= 0, got " + datasetSize);
        if (replicas < 1 || rank < 0 || rank >= replicas) {
            throw new IllegalArgumentException("DistributedSampler: rank must be in [0, " + replicas + "), got " + rank
                    + " (replicas " + replicas + ")");
        }
        this.datasetSize = datasetSize;
        this.rank = rank;
        this.replicas = replicas;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.perRank = dropLast ? datasetSize / replicas : (datasetSize + replicas - 1) / replicas;
    }

    @Override
    public int[] order(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("DistributedSampler: epoch must be >= 0, got " + epoch);
        int[] all = shuffle ? Permutation.random(datasetSize, DataLoader.epochSeed(seed, epoch)) : Permutation.identity(datasetSize);
        int[] mine = new int[perRank];
        for (int i = 0; i < perRank; i++) {
            int position = rank + i * replicas;   // in the padded order: past the end it wraps to the start
            mine[i] = all[position % datasetSize];
        }
        return mine;
    }

    @Override
    public int size() { return perRank; }

    public int rank() { return rank; }

    public int replicas() { return replicas; }

    @Override
    public String toString() {
        return "DistributedSampler(rank " + rank + " of " + replicas + ", " + perRank + " of " + datasetSize
                + (shuffle ? ", seed " + seed : ", in order") + (dropLast ? ", dropLast" : "") + ")";
    }
}
