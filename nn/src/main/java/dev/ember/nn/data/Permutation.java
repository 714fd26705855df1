package dev.ember.nn.data;

import java.util.SplittableRandom;

/** Seeded random orders of {@code 0..n-1}, the shuffles of loaders, splits and folds. */
final class Permutation {
    private Permutation() {}

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates); the same seed gives the same one. */
    static int[] random(int n, long seed) {
        int[] order = identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }
}
