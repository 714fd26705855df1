package dev.ember.nn.data;

import dev.ember.MemoryScope;
import dev.ember.Tensor;

/**
 * Standardisation: {@code (x - mean) / std} per feature, with the mean and the (population) standard deviation
 * of the training data only. A feature with zero variance is centred but not divided (its std is taken as 1).
 * As scikit-learn's {@code StandardScaler}.
 *
 * <pre>{@code
 * StandardScaler s = new StandardScaler();
 * s.fit(trainX);
 * Tensor a = s.transform(trainX), b = s.transform(testX);        // test uses the training mean and std
 * }</pre>
 */
public final class StandardScaler extends Scaler {
    private Tensor mean;
    private Tensor std;

    @Override
    protected void fitFeatures(Tensor train) {
        mean = MemoryScope.unscoped(train.mean(0));
        std = MemoryScope.unscoped(nonZero(train.var(new int[] {0}, 0, false).sqrt()));
    }

    @Override
    protected Tensor transformFeatures(Tensor x) { return x.sub(mean).div(std); }

    @Override
    protected Tensor inverseFeatures(Tensor x) { return x.mul(std).add(mean); }

    public Tensor mean() { return mean; }

    /** The per-feature standard deviation of the training data (1 where it is 0). */
    public Tensor std() { return std; }

    @Override
    protected String name() { return "StandardScaler"; }
}
