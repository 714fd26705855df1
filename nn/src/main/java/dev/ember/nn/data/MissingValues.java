package dev.ember.nn.data;

import dev.ember.DType;
import dev.ember.Tensor;

/**
 * Dropping examples with missing values (NaN, as {@link CsvReader} reads empty, NA and NaN fields). To fill them
 * in instead, see {@link Imputer}.
 *
 * <pre>{@code
 * TensorDataset complete = MissingValues.dropRows(table.dataset("price"));
 * }</pre>
 */
public final class MissingValues {
    private MissingValues() {}

    /** The indices of the rows of {@code x} {@code [N, ...]} without a NaN, ascending. */
    public static int[] completeRows(Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("MissingValues: expected [N, ...], got a scalar");
        int n = x.size(0);
        if (!x.dtype().isFloating() || n == 0) return Permutation.identity(n);
        float[] missing = x.ne(x).reshape(n, -1).to(DType.FLOAT32).sum(1).toFloatArray();   // NaN != NaN
        int kept = 0;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) if (missing[i] == 0) rows[kept++] = i;
        return java.util.Arrays.copyOf(rows, kept);
    }

    /** The examples whose inputs and targets have no NaN. */
    public static TensorDataset dropRows(TensorDataset data) {
        int[] a = completeRows(data.inputs());
        int[] b = completeRows(data.targets());
        int[] both = java.util.Arrays.stream(a).filter(i -> java.util.Arrays.binarySearch(b, i) >= 0).toArray();
        Batch batch = data.batch(both);
        return new TensorDataset(batch.inputs(), batch.targets());
    }

    /** The rows of {@code x} without a NaN. */
    public static Tensor dropRows(Tensor x) {
        int[] rows = completeRows(x);
        return x.indexSelect(0, Tensor.of(rows, rows.length).to(x.device()));
    }
}
