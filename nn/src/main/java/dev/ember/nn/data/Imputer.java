package dev.ember.nn.data;

import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.util.Arrays;

/**
 * Fills missing values (NaN) per feature with a value fitted on the training data only: the mean or the median
 * of the feature's present values, or a constant. Features are the columns of a {@code [N, F]} tensor. As
 * scikit-learn's {@code SimpleImputer}.
 *
 * <pre>{@code
 * Imputer imputer = Imputer.median().fit(trainX);
 * Tensor a = imputer.transform(trainX), b = imputer.transform(testX);   // test filled with the training medians
 * }</pre>
 */
public final class Imputer {
    public enum Strategy { MEAN, MEDIAN, CONSTANT }

    private final Strategy strategy;
    private final double constant;
    private Tensor fill;

    private Imputer(Strategy strategy, double constant) {
        this.strategy = strategy;
        this.constant = constant;
    }

    public static Imputer mean() { return new Imputer(Strategy.MEAN, 0); }

    public static Imputer median() { return new Imputer(Strategy.MEDIAN, 0); }

    public static Imputer constant(double value) {
        if (Double.isNaN(value)) throw new IllegalArgumentException("Imputer: the constant must not be NaN");
        return new Imputer(Strategy.CONSTANT, value);
    }

    /** Fits the fill values on {@code train} {@code [N, F]}; a feature with no present value is an error. */
    public Imputer fit(Tensor train) {
        if (train.rank() != 2 || !train.dtype().isFloating()) {
            throw new IllegalArgumentException("Imputer.fit: expected a floating tensor [N, F], got " + train.dtype() + " " + Arrays.toString(train.shape()));
        }
        int n = train.size(0);
        int f = train.size(1);
        double[] values = train.toDoubleArray();
        double[] fills = new double[f];
        double[] column = new double[n];
        for (int c = 0; c < f; c++) {
            int present = 0;
            for (int r = 0; r < n; r++) {
                double v = values[r * f + c];
                if (!Double.isNaN(v)) column[present++] = v;
            }
            if (present == 0 && strategy != Strategy.CONSTANT) {
                throw new IllegalArgumentException("Imputer.fit: feature " + c + " has no present value to take the " + strategy.name().toLowerCase() + " of");
            }
            fills[c] = switch (strategy) {
                case MEAN -> Arrays.stream(column, 0, present).sum() / present;
                case MEDIAN -> median(column, present);
                case CONSTANT -> constant;
            };
        }
        fill = MemoryScope.unscoped(Tensor.of(fills, f).to(train.dtype()).to(train.device()));
        return this;
    }

    /** {@code x} {@code [M, F]} with each NaN replaced by its feature's fitted value. */
    public Tensor transform(Tensor x) {
        if (fill == null) throw new IllegalStateException("Imputer.transform: call fit(train) first");
        if (x.rank() != 2 || x.size(1) != fill.size(0)) {
            throw new IllegalArgumentException("Imputer.transform: expected [N, " + fill.size(0) + "] like the training data, got " + Arrays.toString(x.shape()));
        }
        return Tensor.where(x.ne(x), fill.to(x.dtype()).reshape(1, -1).expand(x.shape()), x);
    }

    public Tensor fitTransform(Tensor train) { return fit(train).transform(train); }

    /** The fitted per-feature fill values. */
    public Tensor fillValues() { return fill; }

    public Strategy strategy() { return strategy; }

    private static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
