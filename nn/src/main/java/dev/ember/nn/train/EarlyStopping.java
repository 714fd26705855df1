package dev.ember.nn.train;

/**
 * When to stop training: once {@code monitor} has gone {@code patience} epochs in a row (at least one) without
 * improving, where improving means beating its best value so far by more than {@code minDelta} (lower is better
 * in {@link Mode#MIN}, higher in {@link Mode#MAX}), as Keras counts. With
 * {@code restoreBestWeights} the model ends with the weights of its best epoch, as Keras's
 * {@code EarlyStopping(restore_best_weights=True)}.
 *
 * <pre>{@code
 * trainer.earlyStopping(new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, 3, 1e-4, true));
 * }</pre>
 */
public record EarlyStopping(String monitor, Mode mode, int patience, double minDelta, boolean restoreBestWeights) {
    public enum Mode { MIN, MAX }

    public EarlyStopping {
        if (monitor == null || monitor.isEmpty()) throw new IllegalArgumentException("EarlyStopping needs a metric to monitor");
        if (mode == null) throw new IllegalArgumentException("EarlyStopping needs a mode (MIN or MAX)");
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and >= 0, got " + minDelta);
    }

    /** Stops on {@code val_loss} not falling for {@code patience} epochs, restoring the best weights. */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping("val_loss", Mode.MIN, patience, 0, true);
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta}; NaN never does. */
    boolean improves(double value, double best) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
    }
}
