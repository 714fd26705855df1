package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Gradients;
import dev.ember.nn.StateDictMismatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private double initialLearningRate = Double.NaN;
    private long steps;

    protected Optimizer(List<Tensor> parameters, double learningRate) {
        if (parameters.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + " got no parameters to optimize");
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            // a frozen parameter (requiresGrad false) is accepted, as PyTorch accepts it: it gets no gradient, so no update
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " of shape "
                        + Shape.str(p.shape()) + " is not a leaf (it was computed by an op; pass the tensor itself, or detach it)");
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

    /** Applies one update to every parameter that has a gradient; frozen ones and those the loss did not reach have none. */
    public void step() {
        countStep();
        try (var noGrad = Autograd.noGrad(); MemoryScope temporaries = MemoryScope.open()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                if (p.grad() != null) update(i, p, p.grad(), steps);
            }
        }
    }

    /** Counts one step, for subclasses that take steps their own way (LBFGS); returns the new count. */
    protected final long countStep() { return ++steps; }

    /** Restores the step count, for subclasses that load their own checkpoint state. */
    protected final void restoreSteps(long count) { steps = count; }

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

    /**
     * The rate schedules start from, PyTorch's {@code initial_lr}: the rate when the first schedule asked for it,
     * the same for every later one, so that schedules chained on one optimizer share their {@code α_0}.
     */
    public double initialLearningRate() {
        if (Double.isNaN(initialLearningRate)) initialLearningRate = learningRate;
        return initialLearningRate;
    }

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
     * The names of the state tensors {@link #update} keeps per parameter with these settings (PyTorch's:
     * {@code exp_avg}, {@code momentum_buffer}...), every one of them made by a parameter's first update. A
     * checkpoint of this optimizer must hold all of them for each parameter that has state, and no others.
     */
    protected abstract Set<String> stateNames();

    /** The state tensors whose values must be {@code >= 0} (sums and averages of squares); none by default. */
    protected Set<String> nonNegativeStateNames() { return Set.of(); }

    /** The largest count a float64 holds exactly, 2^53: saved counts beyond it would come back changed. */
    private static final double MAX_COUNT = 0x1p53;

    /**
     * The state a checkpoint saves: {@code "step"} and {@code "lr"} as float64 scalars, {@code "has_state"} (a
     * bool per parameter: whether it has been updated yet, so a dropped state tensor cannot pass for a parameter
     * that never was) and {@code "state.<i>.<name>"} for each parameter's tensors.
     */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.FLOAT64, steps));
        out.put("lr", Tensor.scalar(DType.FLOAT64, learningRate));
        boolean[] has = new boolean[state.size()];
        for (int i = 0; i < has.length; i++) has[i] = !state.get(i).isEmpty();
        out.put("has_state", Tensor.of(has));
        for (int i = 0; i < state.size(); i++) {
            for (var e : state.get(i).entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Checks {@code saved} as strictly as a model's state: every key this optimizer keeps is there (all of a
     * parameter's state or none of it, as {@code has_state} says), no other key is, each tensor has its
     * parameter's shape and dtype, the step count is a whole number in [0, 2^53] (and not 0 with state), the
     * rate finite and {@code >= 0}, and squared averages {@code >= 0}. Changes nothing.
     */
    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> saved) {
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        int n = parameters.size();
        Double step = scalar(saved, "step", missing, mismatched);
        if (step != null && !(step >= 0 && step <= MAX_COUNT && step == Math.rint(step))) {
            mismatched.add("step: " + step + " is not a whole number in [0, 2^53]");
        }
        Double lr = scalar(saved, "lr", missing, mismatched);
        if (lr != null && !(lr >= 0 && lr < Double.POSITIVE_INFINITY)) mismatched.add("lr: " + lr + " is not finite and >= 0");
        boolean[] has = null;
        Tensor flags = saved.get("has_state");
        if (flags == null) missing.add("has_state");
        else if (flags.dtype() != DType.BOOL || !Arrays.equals(flags.shape(), new int[] {n})) {
            mismatched.add("has_state: saved " + flags.dtype() + " " + Shape.str(flags.shape()) + ", expected " + DType.BOOL + " [" + n + "] (one flag per parameter)");
        } else {
            has = flags.toBooleanArray();
        }
        Set<String> names = new TreeSet<>(stateNames());
        Set<String> nonNegative = nonNegativeStateNames();
        for (var e : saved.entrySet()) {
            String key = e.getKey();
            if (key.equals("step") || key.equals("lr") || key.equals("has_state")) continue;
            int index = stateIndex(key);
            String name = index < 0 ? null : key.substring(key.indexOf('.', "state.".length()) + 1);
            if (index < 0 || index >= n || !names.contains(name) || (has != null && !has[index])) {
                unexpected.add(key);
                continue;
            }
            Tensor t = e.getValue(), p = parameters.get(index);
            if (!Arrays.equals(t.shape(), p.shape()) || t.dtype() != p.dtype()) {
                mismatched.add(key + ": saved " + t.dtype() + " " + Shape.str(t.shape()) + ", parameter " + p.dtype() + " " + Shape.str(p.shape()));
            } else if (nonNegative.contains(name)) {
                for (double v : t.toDoubleArray()) {
                    if (!(v >= 0)) {
                        mismatched.add(key + ": holds " + v + ", but it is an average of squares (>= 0)");
                        break;
                    }
                }
            }
        }
        if (has != null) {
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!has[i]) continue;
                any = true;
                for (String name : names) if (!saved.containsKey("state." + i + "." + name)) missing.add("state." + i + "." + name);
            }
            if (any && step != null && step == 0) mismatched.add("step: 0, but has_state says parameters have been updated");
        }
        return new StateDictMismatch(missing, unexpected, mismatched);
    }

    /** Restores what {@link #stateDict()} saved, after {@link #checkStateDict} found nothing wrong with it. */
    @Override
    public void loadStateDict(Map<String, Tensor> saved) {
        StateDictMismatch problems = checkStateDict(saved);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: " + problems.summary() + "; nothing was loaded");
        }
        try (var noGrad = Autograd.noGrad()) {
            for (Map<String, Tensor> s : state) s.clear();
            for (var e : saved.entrySet()) {
                int index = stateIndex(e.getKey());
                if (index < 0) continue;
                String name = e.getKey().substring(e.getKey().indexOf('.', "state.".length()) + 1);
                state(index, name).copyFrom(e.getValue().to(parameters.get(index).device()));
            }
            steps = (long) saved.get("step").item();
            setLearningRate(saved.get("lr").item());
        }
    }

    /** A float64 scalar's value, or null after noting why there is none. */
    private static Double scalar(Map<String, Tensor> saved, String key, List<String> missing, List<String> mismatched) {
        Tensor t = saved.get(key);
        if (t == null) {
            missing.add(key);
            return null;
        }
        if (t.dtype() != DType.FLOAT64 || t.shape().length != 0) {
            mismatched.add(key + ": saved " + t.dtype() + " " + Shape.str(t.shape()) + ", expected a " + DType.FLOAT64 + " scalar");
            return null;
        }
        return t.item();
    }

    /** {@code i} of a key {@code state.<i>.<name>} written as {@link #stateDict} writes it, else -1. */
    private static int stateIndex(String key) {
        if (!key.startsWith("state.")) return -1;
        int from = "state.".length(), dot = key.indexOf('.', from);
        if (dot < 0 || dot == key.length() - 1) return -1;
        String digits = key.substring(from, dot);
        if (digits.isEmpty() || digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) return -1;
        for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
        return Integer.parseInt(digits);
    }
}
