package dev.ember.nn.data;

import java.util.Arrays;

/**
 * The examples of another dataset at the given indices, in that order: the train, validation or test part of a
 * {@link DataSplit}, or one side of a {@link KFold} fold.
 *
 * <pre>{@code
 * DataSplit.Split s = DataSplit.trainValidationTest(data.size(), 0.8, 0.1, 42);
 * Dataset train = new Subset(data, s.train());
 * }</pre>
 */
public final class Subset implements Dataset {
    private final Dataset source;
    private final int[] indices;

    public Subset(Dataset source, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IllegalArgumentException("Subset: index " + i + " is out of range for a dataset of " + source.size() + " examples");
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    @Override
    public int size() { return indices.length; }

    @Override
    public Batch batch(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= indices.length) {
                throw new IllegalArgumentException("Subset: position " + positions[i] + " is out of range for " + indices.length + " examples");
            }
            mapped[i] = indices[positions[i]];
        }
        return source.batch(mapped);
    }

    /** The source dataset's indices of this subset's examples. */
    public int[] indices() { return indices.clone(); }

    @Override
    public String toString() { return "Subset(" + indices.length + " of " + source.size() + ", first " + Arrays.toString(Arrays.copyOf(indices, Math.min(5, indices.length))) + ")"; }
}
