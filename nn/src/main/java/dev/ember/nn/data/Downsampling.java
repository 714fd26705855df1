package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.Arrays;

/**
 * Down-sampling a majority class and up-weighting it, as Google's Machine Learning Crash Course teaches for
 * imbalanced data: train on a random {@code 1/factor} of the majority class's examples (all of the others), and
 * give each kept majority example the weight {@code original count / kept count} (about {@code factor}) so the
 * loss still sees the true class balance; the other examples weigh 1.
 *
 * <pre>{@code
 * Downsampling.Result r = Downsampling.downsample(labels, 0, 10, 42);   // keep 1 in 10 of class 0
 * Dataset train = new Subset(data, r.indices());
 * // loss per example times r.weights() (in the order of r.indices())
 * }</pre>
 */
public final class Downsampling {
    private Downsampling() {}

    /** The kept indices (ascending) and a float32 weight per kept example, in the same order. */
    public record Result(int[] indices, Tensor weights) {}

    /** {@code labels}: integer class labels {@code [N]}; keeps {@code round(count / factor)} (at least 1) of {@code majorityClass}. */
    public static Result downsample(Tensor labels, long majorityClass, double factor, long seed) {
        if (labels.rank() != 1 || !labels.dtype().isInteger()) {
            throw new IllegalArgumentException("Downsampling: expected integer labels [N], got " + labels.dtype() + " " + Arrays.toString(labels.shape()));
        }
        if (!(factor >= 1)) throw new IllegalArgumentException("Downsampling: factor must be >= 1, got " + factor);
        long[] y = labels.toLongArray();
        int[] majority = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == majorityClass).toArray();
        if (majority.length == 0) throw new IllegalArgumentException("Downsampling: no example has the majority class " + majorityClass);
        int keep = Math.max(1, (int) Math.round(majority.length / factor));
        int[] order = Permutation.random(majority.length, seed);
        boolean[] kept = new boolean[y.length];
        for (int i = 0; i < y.length; i++) kept[i] = y[i] != majorityClass;
        for (int i = 0; i < keep; i++) kept[majority[order[i]]] = true;

        float weight = (float) majority.length / keep;
        int[] indices = java.util.stream.IntStream.range(0, y.length).filter(i -> kept[i]).toArray();
        float[] weights = new float[indices.length];
        for (int i = 0; i < indices.length; i++) weights[i] = y[indices[i]] == majorityClass ? weight : 1f;
        return new Result(indices, Tensor.of(weights, weights.length));
    }
}
