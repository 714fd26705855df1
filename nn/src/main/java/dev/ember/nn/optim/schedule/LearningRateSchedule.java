package dev.ember.nn.optim.schedule;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Stateful;
import dev.ember.nn.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A learning rate that changes by epoch: {@code α_t = rate(α_0, t)}, with {@code α_0} the optimizer's rate when
 * the schedule is made and {@code t} the epochs completed. {@link #step()}, called once at the end of each
 * epoch, advances {@code t} and sets the optimizer's rate. Subclasses write only {@link #rate}. Its state
 * ({@code "last_epoch"}, {@code "base_lr"}, PyTorch's names) goes into checkpoints.
 *
 * <pre>{@code
 * LearningRateSchedule schedule = new StepDecay(opt, 0.5, 10);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     trainOneEpoch(model, opt);
 *     schedule.step();
 * }
 * }</pre>
 */
public abstract class LearningRateSchedule implements Stateful {
    private final Optimizer optimizer;
    private double initialRate;
    private long epoch;

    protected LearningRateSchedule(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "the optimizer is null");
        this.initialRate = optimizer.learningRate();
    }

    /** The rate after {@code epoch} epochs, from the initial rate {@code initial}. */
    protected abstract double rate(double initial, long epoch);

    /** Ends an epoch: {@code t += 1} and the optimizer gets {@code rate(α_0, t)}. */
    public void step() {
        epoch++;
        optimizer.setLearningRate(rate(initialRate, epoch));
    }

    /** Epochs completed ({@code t}). */
    public long epoch() { return epoch; }

    /** {@code α_0}. */
    public double initialRate() { return initialRate; }

    /** The rate for the current epoch, {@code rate(α_0, t)}. */
    public double currentRate() { return rate(initialRate, epoch); }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.scalar(DType.FLOAT64, epoch));
        out.put("base_lr", Tensor.scalar(DType.FLOAT64, initialRate));
        return out;
    }

    /** Restores the epoch and {@code α_0}, and sets the optimizer's rate to the restored schedule's. */
    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        String who = getClass().getSimpleName() + ".loadStateDict";
        if (!state.keySet().equals(Set.of("last_epoch", "base_lr"))) {
            throw new IllegalArgumentException(who + ": expected keys [last_epoch, base_lr], got " + state.keySet());
        }
        for (var e : state.entrySet()) {
            if (e.getValue().numel() != 1) {
                throw new IllegalArgumentException(who + ": " + e.getKey() + " must be a scalar, got shape " + Shape.str(e.getValue().shape()));
            }
        }
        double lastEpoch = state.get("last_epoch").item();
        double base = state.get("base_lr").item();
        if (!(lastEpoch >= 0) || lastEpoch != Math.rint(lastEpoch) || !(base >= 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException(who + ": last_epoch " + lastEpoch + " must be a whole number >= 0 and base_lr "
                    + base + " finite and >= 0");
        }
        epoch = (long) lastEpoch;
        initialRate = base;
        optimizer.setLearningRate(currentRate());
    }

    protected static double nonNegative(String who, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException(who + ": " + name + " must be finite and >= 0, got " + value);
        return value;
    }
}
