package dev.ember.nn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * K-fold cross-validation: the {@code n} examples, shuffled with a seed, are cut into {@code k} folds whose sizes
 * differ by at most one (the first {@code n % k} folds have one more, as in scikit-learn); fold {@code i}
 * validates on its own indices and trains on all the others.
 *
 * <pre>{@code
 * for (KFold.Fold f : KFold.split(data.size(), 5, 42)) {
 *     Dataset train = new Subset(data, f.train()), validation = new Subset(data, f.validation());
 *     ...                                          // fit a fresh model, score it on validation
 * }
 * }</pre>
 */
public final class KFold {
    private KFold() {}

    /** One fold's index sets, each sorted. */
    public record Fold(int[] train, int[] validation) {}

    public static List<Fold> split(int n, int k, long seed) {
        if (k < 2 || k > n) throw new IllegalArgumentException("KFold: need 2 <= k <= n, got k=" + k + ", n=" + n);
        int[] order = Permutation.random(n, seed);
        List<Fold> folds = new ArrayList<>(k);
        int start = 0;
        for (int i = 0; i < k; i++) {
            int size = n / k + (i < n % k ? 1 : 0);
            int[] train = new int[n - size];
            System.arraycopy(order, 0, train, 0, start);
            System.arraycopy(order, start + size, train, start, n - start - size);
            Arrays.sort(train);
            folds.add(new Fold(train, DataSplit.sorted(order, start, start + size)));
            start += size;
        }
        return folds;
    }
}
