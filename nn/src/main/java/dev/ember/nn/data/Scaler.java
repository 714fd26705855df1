package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.Arrays;

/**
 * A per-feature transform fitted on training data only and then applied, unchanged, to validation, test and new
 * data: features are everything after dim 0 of a {@code [N, ...]} tensor, statistics are taken over dim 0.
 */
public abstract class Scaler {
    private int[] featureShape;

    /** Fits on {@code train} {@code [N, ...]} (N >= 1); returns this. */
    public final Scaler fit(Tensor train) {
        if (train.rank() < 1 || train.size(0) < 1 || !train.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ".fit: expected a floating tensor [N, ...] with N >= 1, got "
                    + train.dtype() + " " + Arrays.toString(train.shape()));
        }
        try (var g = dev.ember.Autograd.noGrad()) {
            fitFeatures(train.detach());
        }
        featureShape = Arrays.copyOfRange(train.shape(), 1, train.rank());
        return this;
    }

    /** {@code x} {@code [M, ...]} with the training data's feature shape, transformed. */
    public final Tensor transform(Tensor x) {
        check("transform", x);
        return transformFeatures(x);
    }

    /** Undoes {@link #transform}. */
    public final Tensor inverseTransform(Tensor x) {
        check("inverseTransform", x);
        return inverseFeatures(x);
    }

    /** {@link #fit} then {@link #transform} of the same data. */
    public final Tensor fitTransform(Tensor train) { return fit(train).transform(train); }

    public final boolean isFitted() { return featureShape != null; }

    protected abstract void fitFeatures(Tensor train);

    protected abstract Tensor transformFeatures(Tensor x);

    protected abstract Tensor inverseFeatures(Tensor x);

    protected abstract String name();

    /** {@code range} with its zeros replaced by 1: a constant feature is shifted but not divided by zero. */
    static Tensor nonZero(Tensor range) { return Tensor.where(range.eq(0.0), Tensor.onesLike(range), range); }

    private void check(String op, Tensor x) {
        if (featureShape == null) throw new IllegalStateException(name() + "." + op + ": call fit(train) first");
        if (x.rank() != featureShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), featureShape)) {
            int[] expected = new int[featureShape.length + 1];
            System.arraycopy(featureShape, 0, expected, 1, featureShape.length);
            throw new IllegalArgumentException(name() + "." + op + ": expected [N" + Arrays.toString(expected).substring(2)
                    + " like the training data, got " + Arrays.toString(x.shape()));
        }
    }
}
