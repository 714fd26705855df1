package dev.ember.nn.data;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Stateful;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Walks a {@link Dataset} in batches, one epoch per {@link #iterator()}. The batch size picks the kind of
 * gradient descent: {@code batchSize == dataset.size()} is (full-)batch gradient descent, one step per epoch;
 * {@code batchSize == 1} is stochastic gradient descent, one step per example; anything between is mini-batch
 * gradient descent.
 *
 * <p>With shuffling, epoch {@code e} visits the examples in a permutation drawn from {@code (seed, e)} alone, so
 * every epoch has a new order, every run with the same seed has the same orders, and a run resumed from a
 * checkpoint continues them: the loader's whole state is its seed and its epoch counter ({@link #stateDict()},
 * or {@link #setEpoch}). {@link #epoch(long, int)} starts an epoch part-way through, for a resume mid-epoch.
 * {@code dropLast} leaves out the last, short batch. An optional transform (augmentation) is applied to each
 * batch as it is made.
 *
 * <pre>{@code
 * DataLoader train = DataLoader.builder(dataset).batchSize(64).shuffle(42).dropLast(true)
 *         .transform(Augmentation.compose(RandomFlip.horizontal(0.5, gen), new RandomTranslation(2, 2, gen)))
 *         .build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : train) { ... }                       // a new order each epoch
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch>, Stateful {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final UnaryOperator<Batch> transform;
    private final Sampler sampler;
    private long seed;
    private long epoch;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.transform = b.transform;
        this.sampler = b.sampler;
    }

    /** A loader over {@code dataset} in order, without shuffling, keeping the last short batch. */
    public DataLoader(Dataset dataset, int batchSize) { this(builder(dataset).batchSize(batchSize)); }

    public static Builder builder(Dataset dataset) { return new Builder(dataset); }

    /** Batches per epoch: {@code ceil(N / batchSize)}, or {@code floor(N / batchSize)} with dropLast. */
    public int batchesPerEpoch() {
        int n = sampler != null ? sampler.size() : dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Runs the next epoch, then counts it: successive calls give successive epochs. */
    @Override
    public Iterator<Batch> iterator() { return epoch(epoch++, 0); }

    /**
     * The batches of epoch {@code epoch}, from batch {@code fromBatch} on, without touching the epoch counter.
     * The same arguments always give the same batches.
     */
    public Iterator<Batch> epoch(long epoch, int fromBatch) {
        if (epoch < 0) throw new IllegalArgumentException("DataLoader: epoch must be >= 0, got " + epoch);
        int batches = batchesPerEpoch();
        if (fromBatch < 0 || fromBatch > batches) {
            throw new IllegalArgumentException("DataLoader: fromBatch must be in [0, " + batches + "], got " + fromBatch);
        }
        int[] order = order(epoch);
        return new Iterator<>() {
            private int next = fromBatch;

            @Override
            public boolean hasNext() { return next < batches; }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has " + batches + " batches");
                int start = next++ * batchSize;
                int end = Math.min(start + batchSize, order.length);
                int[] indices = java.util.Arrays.copyOfRange(order, start, end);
                Batch batch = dataset.batch(indices);
                return transform == null ? batch : transform.apply(batch);
            }
        };
    }

    /** The order in which epoch {@code epoch} visits the examples: a permutation of {@code 0..N-1}. */
    public int[] order(long epoch) {
        if (sampler != null) return sampler.order(epoch);
        int n = dataset.size();
        return shuffle ? Permutation.random(n, epochSeed(seed, epoch)) : Permutation.identity(n);
    }

    /** A stream seeded by (seed, epoch) only, so any epoch can be replayed on its own. */
    static long epochSeed(long seed, long epoch) { return seed ^ (epoch * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L); }

    /** The epoch the next {@link #iterator()} runs (0 for a new loader). */
    public long epoch() { return epoch; }

    /** Sets the epoch the next {@link #iterator()} runs, to resume a run. */
    public void setEpoch(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("DataLoader: epoch must be >= 0, got " + epoch);
        this.epoch = epoch;
    }

    public long seed() { return seed; }

    public int batchSize() { return batchSize; }

    public boolean shuffles() { return shuffle; }

    public boolean dropsLast() { return dropLast; }

    public Dataset dataset() { return dataset; }

    /** {@code seed} and {@code epoch} as int64 scalars: all a resumed run needs to continue the same orders. */
    @Override
    public Map<String, Tensor> stateDict() {
        return Map.of("seed", Tensor.scalar(DType.INT64, seed), "epoch", Tensor.scalar(DType.INT64, epoch));
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        if (!state.keySet().equals(Map.of("seed", 0, "epoch", 0).keySet())) {
            throw new IllegalArgumentException("DataLoader: state needs exactly the keys [epoch, seed], got " + new TreeSet<>(state.keySet()));
        }
        long[] s = state.get("seed").toLongArray();
        long[] e = state.get("epoch").toLongArray();
        if (s.length != 1 || e.length != 1 || e[0] < 0) {
            throw new IllegalArgumentException("DataLoader: seed and epoch must be scalars with epoch >= 0, got seed "
                    + java.util.Arrays.toString(s) + ", epoch " + java.util.Arrays.toString(e));
        }
        seed = s[0];
        epoch = e[0];
    }

    /** Settings of a {@link DataLoader}; defaults: batch size 1, in order, last short batch kept, no transform. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private UnaryOperator<Batch> transform;
        private Sampler sampler;

        private Builder(Dataset dataset) {
            if (dataset == null) throw new IllegalArgumentException("DataLoader: dataset is null");
            this.dataset = dataset;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle each epoch, with permutations drawn from {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Applied to each batch as it is made (augmentation, moving to a device). */
        public Builder transform(UnaryOperator<Batch> transform) {
            this.transform = transform;
            return this;
        }

        /**
         * The examples and order of each epoch come from {@code sampler} (a {@link DistributedSampler}'s shard),
         * which then does any shuffling: not with {@link #shuffle}.
         */
        public Builder sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        public DataLoader build() {
            if (sampler != null && shuffle) {
                throw new IllegalArgumentException("DataLoader: a sampler decides the order; shuffle in the sampler, not with shuffle()");
            }
            return new DataLoader(this);
        }
    }

}
