package dev.ember.nn.optim.schedule;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.StateDictMismatch;
import dev.ember.nn.Stateful;
import dev.ember.nn.optim.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's {@code ReduceLROnPlateau}: after each epoch, {@link #step(double)} with the monitored value (usually
 * the validation loss); when it has not improved for more than {@code patience} epochs the rate is multiplied by
 * {@code factor} (not below {@code minLr}), then {@code cooldown} epochs pass before counting again. Improvement
 * is relative ({@code a < best (1 - threshold)} in min mode) or absolute ({@code a < best - threshold}). Its
 * state goes into checkpoints. {@link dev.ember.nn.train.Trainer#schedule(ReduceLROnPlateau)} steps it with
 * {@code val_loss}.
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt);          // min mode, factor 0.1, patience 10
 * plateau.step(validationLoss);                                  // once an epoch
 * }</pre>
 */
public final class ReduceLROnPlateau implements Stateful {
    /** Whether lower ({@code MIN}) or higher ({@code MAX}) values are better. */
    public enum Mode { MIN, MAX }

    /** How {@code threshold} measures an improvement: relative to the best value, or in its units. */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private long badEpochs;
    private long cooldownCounter;
    private long lastEpoch;

    /** PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8); }

    /** PyTorch's {@code ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps)}. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        this.optimizer = Objects.requireNonNull(optimizer, "the optimizer is null");
        this.mode = Objects.requireNonNull(mode, "ReduceLROnPlateau: mode is null");
        this.thresholdMode = Objects.requireNonNull(thresholdMode, "ReduceLROnPlateau: thresholdMode is null");
        if (!(factor >= 0 && factor < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + factor);
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, got " + patience + " and " + cooldown);
        }
        this.factor = factor;
        this.patience = patience;
        this.threshold = LearningRateSchedule.nonNegative("ReduceLROnPlateau", "threshold", threshold);
        this.cooldown = cooldown;
        this.minLr = LearningRateSchedule.nonNegative("ReduceLROnPlateau", "minLr", minLr);
        this.eps = LearningRateSchedule.nonNegative("ReduceLROnPlateau", "eps", eps);
        this.best = worst();
    }

    /** Ends an epoch whose monitored value was {@code metric}; lowers the rate after a plateau. */
    public void step(double metric) {
        if (Double.isNaN(metric)) throw new IllegalArgumentException("ReduceLROnPlateau.step: the monitored value is NaN");
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;   // epochs in cooldown do not count
        }
        if (badEpochs > patience) {
            double old = optimizer.learningRate();
            double lowered = Math.max(old * factor, minLr);
            if (old - lowered > eps) optimizer.setLearningRate(lowered);
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
        };
    }

    private double worst() { return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY; }

    /** The best value seen ({@code ±inf} before the first step). */
    public double best() { return best; }

    /** Epochs stepped so far. */
    public long epoch() { return lastEpoch; }

    /** {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}: PyTorch's names, float64 scalars. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", Tensor.scalar(DType.FLOAT64, best));
        out.put("num_bad_epochs", Tensor.scalar(DType.FLOAT64, badEpochs));
        out.put("cooldown_counter", Tensor.scalar(DType.FLOAT64, cooldownCounter));
        out.put("last_epoch", Tensor.scalar(DType.FLOAT64, lastEpoch));
        return out;
    }

    /** The four keys as float64 scalars, the counts whole numbers in [0, 2^53], {@code best} not NaN. Changes nothing. */
    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> state) {
        StateDictMismatch keys = Stateful.compare(stateDict(), state);
        if (!keys.isEmpty()) return keys;
        List<String> mismatched = new ArrayList<>();
        if (Double.isNaN(state.get("best").item())) mismatched.add("best: NaN");
        for (String key : List.of("num_bad_epochs", "cooldown_counter", "last_epoch")) {
            double v = state.get(key).item();
            if (!(v >= 0 && v <= 0x1p53 && v == Math.rint(v))) mismatched.add(key + ": " + v + " is not a whole number in [0, 2^53]");
        }
        return new StateDictMismatch(List.of(), List.of(), mismatched);
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateDictMismatch problems = checkStateDict(state);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: " + problems.summary() + "; nothing was loaded");
        }
        best = state.get("best").item();
        badEpochs = (long) state.get("num_bad_epochs").item();
        cooldownCounter = (long) state.get("cooldown_counter").item();
        lastEpoch = (long) state.get("last_epoch").item();
    }
}
