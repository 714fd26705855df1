package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Gradients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Updates parameters from their gradients. Subclasses write only {@link #update}, one parameter at a time, with
 * in-place tensor ops on state tensors from {@link #state}; this class holds the parameter list, the learning
 * rate, the step count and the state, and saves and restores all of them for checkpoints.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
public abstract class Optimizer implements dev.ember.nn.Stateful {
    private final List<Tensor> parameters;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private double learningRate;
    private long steps;

    protected Optimizer(List<Tensor> parameters, double learningRate) {
        if (parameters.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + " got no parameters to optimize");
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " of shape "
                        + Shape.str(p.shape()) + " is not a leaf that requires grad");
            }
            state.add(new TreeMap<>());
        }
        this.parameters = List.copyOf(parameters);
        setLearningRate(learningRate);
    }

    /**
     * One update of {@code parameter} from {@code grad} (never null), called without recording. {@code step}
     * counts from 1.
     */
    protected abstract void update(int index, Tensor parameter, Tensor grad, long step);

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        steps++;
        try (var noGrad = Autograd.noGrad(); MemoryScope temporaries = MemoryScope.open()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                if (p.grad() != null) update(i, p, p.grad(), steps);
            }
        }
    }

    /**
     * Drops every parameter's gradient and releases its memory, as PyTorch's {@code zero_grad(set_to_none=True)}
     * (gradients belong to their parameter, not to a memory scope). Copy a gradient first to keep it.
     */
    public void zeroGrad() {
        Gradients.release(parameters);
    }

    /**
     * The per-parameter state tensor {@code name} (for example a moment), zeros like the parameter on first use.
     * It survives the step's memory scope.
     */
    protected final Tensor state(int index, String name) {
        return state.get(index).computeIfAbsent(name, k -> {
            Tensor p = parameters.get(index);
            return MemoryScope.unscoped(Tensor.zeros(p.device(), p.dtype(), p.shape()));
        });
    }

    /**
     * Whether state tensor {@code name} of parameter {@code index} exists yet (made by {@link #state} or loaded
     * from a checkpoint), for updates whose first step differs, as PyTorch's SGD momentum buffer starts as the
     * gradient itself.
     */
    protected final boolean hasState(int index, String name) { return state.get(index).containsKey(name); }

    public List<Tensor> parameters() { return parameters; }

    public double learningRate() { return learningRate; }

    /** Schedules call this between steps. */
    public void setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Steps taken so far. */
    public long steps() { return steps; }

    /**
     * The state a checkpoint saves: {@code "state.<i>.<name>"} for each parameter's tensors, and
     * {@code "step"} and {@code "lr"} as float64 scalars.
     */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.FLOAT64, steps));
        out.put("lr", Tensor.scalar(DType.FLOAT64, learningRate));
        for (int i = 0; i < state.size(); i++) {
            for (var e : state.get(i).entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue());
        }
        return out;
    }

    /** Restores what {@link #stateDict()} saved; checks every key and shape before changing anything. */
    @Override
    public void loadStateDict(Map<String, Tensor> saved) {
        String who = getClass().getSimpleName();
        if (!saved.containsKey("step") || !saved.containsKey("lr")) {
            throw new IllegalArgumentException(who + ".loadStateDict: the state has no 'step' or 'lr'; keys: " + saved.keySet());
        }
        List<String> problems = new ArrayList<>();
        for (String key : saved.keySet()) {
            if (key.equals("step") || key.equals("lr")) continue;
            String[] parts = key.split("\\.", 3);
            int index = parts.length == 3 && parts[0].equals("state") ? parseIndex(parts[1]) : -1;
            if (index < 0 || index >= parameters.size()) {
                problems.add("unexpected key '" + key + "'");
            } else if (!Arrays.equals(saved.get(key).shape(), parameters.get(index).shape())) {
                problems.add(key + ": saved " + Shape.str(saved.get(key).shape()) + ", parameter " + Shape.str(parameters.get(index).shape()));
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(who + ".loadStateDict: " + problems + "; nothing was loaded");
        try (var noGrad = Autograd.noGrad()) {
            for (Map<String, Tensor> s : state) s.clear();
            for (var e : saved.entrySet()) {
                String key = e.getKey();
                if (key.equals("step") || key.equals("lr")) continue;
                String[] parts = key.split("\\.", 3);
                int index = parseIndex(parts[1]);
                state(index, parts[2]).copyFrom(e.getValue().to(parameters.get(index).device()));
            }
            steps = (long) saved.get("step").item();
            setLearningRate(saved.get("lr").item());
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
