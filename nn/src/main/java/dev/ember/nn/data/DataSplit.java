package dev.ember.nn.data;

import java.util.Arrays;

/**
 * A seeded random split of {@code n} examples into training, validation and test index sets: disjoint, together
 * every index once, each sorted. Sizes are {@code round(n * trainFraction)}, {@code round(n * validationFraction)}
 * and the rest for test.
 *
 * <pre>{@code
 * DataSplit.Split s = DataSplit.trainValidationTest(data.size(), 0.7, 0.15, 42);   // 70% / 15% / 15%
 * Dataset train = new Subset(data, s.train()), validation = new Subset(data, s.validation());
 * }</pre>
 */
public final class DataSplit {
    private DataSplit() {}

    /** The three index sets. */
    public record Split(int[] train, int[] validation, int[] test) {}

    public static Split trainValidationTest(int n, double trainFraction, double validationFraction, long seed) {
        if (n < 0) throw new IllegalArgumentException("DataSplit: n must be >= 0, got " + n);
        if (!(trainFraction >= 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("DataSplit: fractions must be >= 0 and sum to at most 1, got train "
                    + trainFraction + ", validation " + validationFraction);
        }
        int[] order = Permutation.random(n, seed);
        int train = (int) Math.round(n * trainFraction);
        int validation = Math.min(n - train, (int) Math.round(n * validationFraction));
        return new Split(sorted(order, 0, train), sorted(order, train, train + validation), sorted(order, train + validation, n));
    }

    /** A seeded split into training and test sets only. */
    public static Split trainTest(int n, double trainFraction, long seed) {
        return trainValidationTest(n, trainFraction, 0, seed);
    }

    static int[] sorted(int[] order, int from, int to) {
        int[] part = Arrays.copyOfRange(order, from, to);
        Arrays.sort(part);
        return part;
    }
}
