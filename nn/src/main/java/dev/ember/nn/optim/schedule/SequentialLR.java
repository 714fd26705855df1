package dev.ember.nn.optim.schedule;

import dev.ember.Tensor;
import dev.ember.nn.StateDictMismatch;
import dev.ember.nn.optim.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code SequentialLR}: one schedule after another, each restarted from its epoch 0 at its milestone,
 * so that {@code α_t = schedules[i].rate(α_0, t - milestones[i - 1])} with {@code i} the milestones passed. The
 * usual warm-up: {@link LinearLR} for a few epochs, then the main schedule. The schedules are made on the same
 * optimizer first and share its {@code α_0}; step only this one.
 *
 * <pre>{@code
 * SequentialLR schedule = new SequentialLR(opt,
 *         List.of(new LinearLR(opt, 0.1, 1.0, 5), new CosineAnnealingLR(opt, 95)), new int[] {5});
 * }</pre>
 */
public final class SequentialLR extends LearningRateSchedule {
    private final List<LearningRateSchedule> schedules;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LearningRateSchedule> schedules, int[] milestones) {
        super(optimizer);
        this.schedules = List.copyOf(schedules);
        this.milestones = milestones.clone();
        if (schedules.size() != milestones.length + 1) {
            throw new IllegalArgumentException("SequentialLR: " + schedules.size() + " schedules need " + (schedules.size() - 1)
                    + " milestones, got " + Arrays.toString(milestones));
        }
        for (int i = 0; i < this.milestones.length; i++) {
            if (this.milestones[i] < 0 || (i > 0 && this.milestones[i] <= this.milestones[i - 1])) {
                throw new IllegalArgumentException("SequentialLR: milestones must be >= 0 and increasing, got " + Arrays.toString(milestones));
            }
        }
        for (LearningRateSchedule s : this.schedules) {
            if (s.optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: every schedule must belong to the same optimizer; "
                        + s.getClass().getSimpleName() + " has another");
            }
        }
        applyRate();
    }

    @Override
    protected double rate(double initial, long epoch) {
        int i = 0;
        while (i < milestones.length && milestones[i] <= epoch) i++;
        LearningRateSchedule s = schedules.get(i);
        return s.rate(s.initialRate(), i == 0 ? epoch : epoch - milestones[i - 1]);
    }

    /** This schedule's {@code last_epoch} and {@code base_lr}, then each inner one's under {@code schedules.<i>.}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(super.stateDict());
        for (int i = 0; i < schedules.size(); i++) {
            for (var e : schedules.get(i).stateDict().entrySet()) out.put("schedules." + i + "." + e.getKey(), e.getValue());
        }
        return out;
    }

    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        List<Map<String, Tensor>> inner = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) inner.add(new LinkedHashMap<>());
        List<String> unexpected = new ArrayList<>();
        for (var e : state.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("schedules.")) {
                own.put(key, e.getValue());
                continue;
            }
            int dot = key.indexOf('.', "schedules.".length());
            int index = dot < 0 ? -1 : parseIndex(key.substring("schedules.".length(), dot));
            if (index < 0 || index >= schedules.size()) unexpected.add(key);
            else inner.get(index).put(key.substring(dot + 1), e.getValue());
        }
        StateDictMismatch mine = super.checkStateDict(own);
        List<String> missing = new ArrayList<>(mine.missing());
        List<String> mismatched = new ArrayList<>(mine.mismatched());
        unexpected.addAll(mine.unexpected());
        for (int i = 0; i < schedules.size(); i++) {
            String prefix = "schedules." + i + ".";
            StateDictMismatch m = schedules.get(i).checkStateDict(inner.get(i));
            m.missing().forEach(k -> missing.add(prefix + k));
            m.unexpected().forEach(k -> unexpected.add(prefix + k));
            m.mismatched().forEach(k -> mismatched.add(prefix + k));
        }
        return new StateDictMismatch(missing, unexpected, mismatched);
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateDictMismatch problems = checkStateDict(state);
        if (!problems.isEmpty()) throw new IllegalArgumentException("SequentialLR.loadStateDict: " + problems.summary() + "; nothing was loaded");
        for (int i = 0; i < schedules.size(); i++) {
            String prefix = "schedules." + i + ".";
            Map<String, Tensor> inner = new LinkedHashMap<>();
            state.forEach((k, v) -> { if (k.startsWith(prefix)) inner.put(k.substring(prefix.length()), v); });
            schedules.get(i).loadStateDict(inner);
        }
        super.loadStateDict(state);   // checks the whole state again (through this class), then sets the rate
    }

    private static int parseIndex(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) return -1;
        for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
        return Integer.parseInt(digits);
    }
}
