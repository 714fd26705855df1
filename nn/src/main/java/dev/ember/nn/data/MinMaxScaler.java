package dev.ember.nn.data;

import dev.ember.MemoryScope;
import dev.ember.Tensor;

/**
 * Min-max scaling: {@code (x - min) / (max - min)} per feature, mapped onto {@code [low, high]} (default [0, 1]),
 * with min and max taken from the training data only, so validation and test values may fall outside the range.
 * A constant feature (max == min) is shifted to {@code low} rather than divided by zero. As scikit-learn's
 * {@code MinMaxScaler}.
 *
 * <pre>{@code
 * MinMaxScaler s = new MinMaxScaler();
 * Tensor trainX = s.fitTransform(train), testX = s.transform(test);     // statistics from train only
 * }</pre>
 */
public final class MinMaxScaler extends Scaler {
    private final double low;
    private final double high;
    private Tensor min;
    private Tensor range;

    public MinMaxScaler() { this(0, 1); }

    public MinMaxScaler(double low, double high) {
        if (!(low < high)) throw new IllegalArgumentException("MinMaxScaler: need low < high, got [" + low + ", " + high + "]");
        this.low = low;
        this.high = high;
    }

    @Override
    protected void fitFeatures(Tensor train) {
        min = MemoryScope.unscoped(train.amin(new int[] {0}, false));
        range = MemoryScope.unscoped(nonZero(train.amax(new int[] {0}, false).sub(min)));
    }

    @Override
    protected Tensor transformFeatures(Tensor x) { return x.sub(min).div(range).mul(high - low).add(low); }

    @Override
    protected Tensor inverseFeatures(Tensor x) { return x.sub(low).div(high - low).mul(range).add(min); }

    /** The per-feature minimum of the training data. */
    public Tensor dataMin() { return min; }

    /** The per-feature {@code max - min} of the training data (1 where it is 0). */
    public Tensor dataRange() { return range; }

    @Override
    protected String name() { return "MinMaxScaler"; }
}
