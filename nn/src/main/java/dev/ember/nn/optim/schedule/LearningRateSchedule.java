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
 * A learning rate that changes by epoch: {@code α_t = rate(α_0, t)}, with {@code α_0} the optimizer's rate when
 * its first schedule is made ({@link Optimizer#initialLearningRate()}, PyTorch's {@code initial_lr}) and {@code t}
 * the epochs completed (or batches, for a schedule stepped per batch such as {@link OneCycleLR}). {@link #step()}, called once at the end of each
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
        this.initialRate = optimizer.initialLearningRate();
    }

    /**
     * Sets the optimizer's rate to {@code rate(α_0, 0)}, as PyTorch's schedulers do when made; for the schedules
     * whose first rate is not {@code α_0} (a warm-up), called at the end of their constructor.
     */
    protected final void applyRate() { optimizer.setLearningRate(currentRate()); }

    protected final Optimizer optimizer() { return optimizer; }

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
    public Map<String, Tensor> stateDict() { return ownState(); }

    /** This class's two keys, what {@link #checkStateDict} expects even where a subclass saves more. */
    private Map<String, Tensor> ownState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.scalar(DType.FLOAT64, epoch));
        out.put("base_lr", Tensor.scalar(DType.FLOAT64, initialRate));
        return out;
    }

    /**
     * Checks that {@code state} holds exactly {@code last_epoch} and {@code base_lr} as float64 scalars, the
     * epoch a whole number in [0, 2^53], the rate finite and {@code >= 0}, and that this schedule's rate at
     * them is a valid learning rate. Changes nothing.
     */
    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> state) {
        StateDictMismatch keys = Stateful.compare(ownState(), state);
        if (!keys.isEmpty()) return keys;
        List<String> mismatched = new ArrayList<>();
        double lastEpoch = state.get("last_epoch").item();
        double base = state.get("base_lr").item();
        if (!(lastEpoch >= 0 && lastEpoch <= 0x1p53 && lastEpoch == Math.rint(lastEpoch))) {
            mismatched.add("last_epoch: " + lastEpoch + " is not a whole number in [0, 2^53]");
        }
        if (!(base >= 0 && base < Double.POSITIVE_INFINITY)) mismatched.add("base_lr: " + base + " is not finite and >= 0");
        if (mismatched.isEmpty()) {
            double rate;
            try {
                rate = rate(base, (long) lastEpoch);
            } catch (IllegalStateException e) {
                rate = Double.NaN;   // past the schedule's end (OneCycleLR)
            }
            if (!(rate >= 0 && rate < Double.POSITIVE_INFINITY)) {
                mismatched.add("last_epoch " + (long) lastEpoch + " and base_lr " + base + " give the rate " + rate + ", not finite and >= 0");
            }
        }
        return new StateDictMismatch(List.of(), List.of(), mismatched);
    }

    /** Restores the epoch and {@code α_0}, and sets the optimizer's rate to the restored schedule's. */
    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateDictMismatch problems = checkStateDict(state);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: " + problems.summary() + "; nothing was loaded");
        }
        epoch = (long) state.get("last_epoch").item();
        initialRate = state.get("base_lr").item();
        optimizer.setLearningRate(currentRate());
    }

    protected static double nonNegative(String who, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException(who + ": " + name + " must be finite and >= 0, got " + value);
        return value;
    }
}
