package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.StateDictMismatch;
import dev.ember.nn.Stateful;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * L-BFGS, PyTorch's {@code torch.optim.LBFGS}: a quasi-Newton method that keeps the last {@code historySize}
 * steps and gradient changes of all parameters (as one flat vector) and turns the gradient into a direction with
 * the two-loop recursion. Each {@link #step(Supplier)} runs up to {@code maxIter} iterations, each re-evaluating
 * the loss through the closure, with a fixed step {@code lr} (the first scaled by {@code min(1, 1/|g|_1)}) or
 * PyTorch's strong-Wolfe line search. Its state, PyTorch's names, goes into checkpoints.
 *
 * <pre>{@code
 * LBFGS opt = LBFGS.builder(model.parameters()).lr(1).lineSearch(LBFGS.LineSearch.STRONG_WOLFE).build();
 * for (int i = 0; i < 10; i++) {
 *     Tensor loss = opt.step(() -> {
 *         opt.zeroGrad();
 *         Tensor l = lossFn.apply(model.forward(x), y);
 *         l.backward();
 *         return l;
 *     });
 * }
 * }</pre>
 */
public final class LBFGS extends Optimizer {
    /** PyTorch's {@code line_search_fn}: none (a fixed step) or {@code 'strong_wolfe'}. */
    public enum LineSearch { NONE, STRONG_WOLFE }

    private final int maxIter;
    private final int maxEval;
    private final double toleranceGrad;
    private final double toleranceChange;
    private final int historySize;
    private final LineSearch lineSearch;
    private final int numel;

    // PyTorch's state: counts, then (once an iteration has run) the direction, step and history
    private long funcEvals;
    private long nIter;
    private Tensor d;
    private double t;
    private final List<Tensor> oldDirs = new ArrayList<>();
    private final List<Tensor> oldStps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();
    private double hDiag = 1;
    private Tensor prevFlatGrad;
    private double prevLoss;

    /** PyTorch's defaults: lr 1, 20 iterations a step, 25 evaluations, tolerances 1e-7 and 1e-9, history 100, no line search. */
    public LBFGS(List<Tensor> parameters) { this(parameters, 1); }

    public LBFGS(List<Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 20, 25, 1e-7, 1e-9, 100, LineSearch.NONE);
    }

    /** PyTorch's {@code LBFGS(params, lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn)}. */
    public LBFGS(List<Tensor> parameters, double learningRate, int maxIter, int maxEval, double toleranceGrad,
                 double toleranceChange, int historySize, LineSearch lineSearch) {
        super(parameters, learningRate);
        if (maxIter < 1 || maxEval < 1 || historySize < 1) {
            throw new IllegalArgumentException("LBFGS: maxIter, maxEval and historySize must be >= 1, got " + maxIter + ", "
                    + maxEval + ", " + historySize);
        }
        this.maxIter = maxIter;
        this.maxEval = maxEval;
        this.toleranceGrad = Hyperparameters.nonNegative("LBFGS", "toleranceGrad", toleranceGrad);
        this.toleranceChange = Hyperparameters.nonNegative("LBFGS", "toleranceChange", toleranceChange);
        this.historySize = historySize;
        this.lineSearch = Objects.requireNonNull(lineSearch, "LBFGS: line search is null");
        Tensor first = parameters.getFirst();
        long n = 0;
        for (Tensor p : parameters) {
            if (p.dtype() != first.dtype() || !p.device().equals(first.device())) {
                throw new IllegalArgumentException("LBFGS: all parameters must share a dtype and device (it keeps them as one vector), got "
                        + first.dtype() + " on " + first.device() + " and " + p.dtype() + " on " + p.device());
            }
            n += p.numel();
        }
        this.numel = Math.toIntExact(n);
    }

    /** Hyperparameters by name, PyTorch's defaults for the rest; maxEval defaults to {@code maxIter * 5 / 4}. */
    public static Builder builder(List<Tensor> parameters) { return new Builder(parameters); }

    /** LBFGS re-evaluates the loss several times a step: call {@link #step(Supplier)} with a closure. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS.step needs a closure that clears the gradients, computes the loss, calls backward "
                + "and returns the loss: opt.step(() -> { opt.zeroGrad(); Tensor l = ...; l.backward(); return l; })");
    }

    @Override
    protected void update(int index, Tensor parameter, Tensor grad, long step) {
        throw new IllegalStateException("LBFGS updates all parameters at once, in step(closure)");
    }

    /** None per parameter: LBFGS's state is global, saved by its own {@link #stateDict}. */
    @Override
    protected java.util.Set<String> stateNames() { return java.util.Set.of(); }

    /**
     * One optimisation step of up to {@code maxIter} iterations; {@code closure} clears the gradients, computes the
     * loss (a one-element tensor), calls {@code backward} and returns the loss. Returns the first loss, as PyTorch.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Objects.requireNonNull(closure, "LBFGS.step: the closure is null");
        countStep();
        try (MemoryScope scope = MemoryScope.open(); var noGrad = Autograd.noGrad()) {
            Tensor origLoss = scope.keep(evaluate(closure));
            double loss = origLoss.item();
            int currentEvals = 1;
            funcEvals++;
            Tensor flatGrad = gatherFlatGrad();
            boolean optCond = maxAbs(flatGrad) <= toleranceGrad;
            if (optCond) return origLoss;
            int n = 0;
            while (n < maxIter) {
                n++;
                nIter++;
                if (nIter == 1) {
                    d = MemoryScope.unscoped(flatGrad.neg());
                    oldDirs.clear();
                    oldStps.clear();
                    ro.clear();
                    hDiag = 1;
                } else {
                    Tensor y = flatGrad.sub(prevFlatGrad);
                    Tensor s = d.mul(t);
                    double ys = dot(y, s);
                    if (ys > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.removeFirst().close();
                            oldStps.removeFirst().close();
                            ro.removeFirst();
                        }
                        oldDirs.add(MemoryScope.unscoped(y));
                        oldStps.add(MemoryScope.unscoped(s));
                        ro.add(1 / ys);
                        hDiag = ys / dot(y, y);
                    }
                    d = MemoryScope.unscoped(twoLoop(flatGrad));
                }
                prevFlatGrad = MemoryScope.unscoped(flatGrad.copy());
                prevLoss = loss;
                t = nIter == 1 ? Math.min(1, 1 / flatGrad.abs().sum().item()) * learningRate() : learningRate();
                double gtd = dot(flatGrad, d);
                if (gtd > -toleranceChange) break;
                int lsEvals = 0;
                if (lineSearch == LineSearch.STRONG_WOLFE) {
                    List<Tensor> start = new ArrayList<>();
                    for (Tensor p : parameters()) start.add(p.copy());
                    StrongWolfe.Result r = new StrongWolfe(this, closure, start, d).search(t, loss, flatGrad, gtd, toleranceChange);
                    loss = r.loss();
                    flatGrad = r.grad();
                    t = r.t();
                    lsEvals = r.evaluations();
                    addGrad(t, d);
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                } else {
                    addGrad(t, d);
                    if (n != maxIter) {
                        // not after the last iteration: in a stochastic setting that evaluation would be wasted
                        loss = evaluate(closure).item();
                        flatGrad = gatherFlatGrad();
                        optCond = maxAbs(flatGrad) <= toleranceGrad;
                        lsEvals = 1;
                    }
                }
                currentEvals += lsEvals;
                funcEvals += lsEvals;
                if (n == maxIter || currentEvals >= maxEval || optCond) break;
                if (maxAbs(d.mul(t)) <= toleranceChange) break;   // lack of progress
                if (Math.abs(loss - prevLoss) < toleranceChange) break;
            }
            return origLoss;
        }
    }

    /** The L-BFGS direction {@code -H g} from the history, PyTorch's two loops with one buffer. */
    private Tensor twoLoop(Tensor flatGrad) {
        int k = oldDirs.size();
        double[] al = new double[k];
        Tensor q = flatGrad.neg();
        for (int i = k - 1; i >= 0; i--) {
            al[i] = dot(oldStps.get(i), q) * ro.get(i);
            q = q.sub(oldDirs.get(i).mul(al[i]));
        }
        Tensor r = q.mul(hDiag);
        for (int i = 0; i < k; i++) {
            double be = dot(oldDirs.get(i), r) * ro.get(i);
            r = r.add(oldStps.get(i).mul(al[i] - be));
        }
        return r;
    }

    /** Runs the closure with gradients on; its result must be a one-element loss. */
    Tensor evaluate(Supplier<Tensor> closure) {
        Tensor loss;
        try (var grad = Autograd.enableGrad()) {
            loss = closure.get();
        }
        if (loss == null || loss.numel() != 1) {
            throw new IllegalArgumentException("LBFGS: the closure must return the loss, a one-element tensor, got "
                    + (loss == null ? "null" : "shape " + Shape.str(loss.shape())));
        }
        return loss;
    }

    /** Every parameter's gradient (zeros where none) as one vector. */
    Tensor gatherFlatGrad() {
        List<Tensor> views = new ArrayList<>();
        for (Tensor p : parameters()) {
            views.add(p.grad() == null ? Tensor.zeros(p.device(), p.dtype(), new int[] {(int) p.numel()}) : p.grad().reshape(-1));
        }
        return Tensor.cat(0, views);
    }

    /** {@code w += step * update}, the flat update cut back into the parameters' shapes. */
    void addGrad(double step, Tensor update) {
        int offset = 0;
        for (Tensor p : parameters()) {
            int n = (int) p.numel();
            p.addInPlace(update.narrow(0, offset, n).reshape(p.shape()).mul(step));
            offset += n;
        }
    }

    void setParameters(List<Tensor> values) {
        for (int i = 0; i < values.size(); i++) parameters().get(i).copyFrom(values.get(i));
    }

    static double dot(Tensor a, Tensor b) { return a.dot(b).item(); }

    static double maxAbs(Tensor v) { return v.abs().max().item(); }

    // ---- checkpoints ----

    /**
     * {@code step}, {@code lr}, {@code func_evals} and {@code n_iter} as float64 scalars; once an iteration has run
     * also {@code t}, {@code H_diag}, {@code prev_loss} (scalars), {@code d} and {@code prev_flat_grad} (vectors of
     * every parameter's elements), {@code ro} (float64, one per stored pair) and {@code old_dirs.<i>},
     * {@code old_stps.<i>}.
     */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.FLOAT64, steps()));
        out.put("lr", Tensor.scalar(DType.FLOAT64, learningRate()));
        out.put("func_evals", Tensor.scalar(DType.FLOAT64, funcEvals));
        out.put("n_iter", Tensor.scalar(DType.FLOAT64, nIter));
        if (nIter == 0) return out;
        out.put("t", Tensor.scalar(DType.FLOAT64, t));
        out.put("H_diag", Tensor.scalar(DType.FLOAT64, hDiag));
        out.put("prev_loss", Tensor.scalar(DType.FLOAT64, prevLoss));
        out.put("d", d);
        out.put("prev_flat_grad", prevFlatGrad);
        double[] r = new double[ro.size()];
        for (int i = 0; i < r.length; i++) r[i] = ro.get(i);
        out.put("ro", Tensor.of(r, r.length));
        for (int i = 0; i < oldDirs.size(); i++) {
            out.put("old_dirs." + i, oldDirs.get(i));
            out.put("old_stps." + i, oldStps.get(i));
        }
        return out;
    }

    /**
     * The keys {@link #stateDict} writes for the saved {@code n_iter} and history length, each with its dtype and
     * shape; counts whole and {@code >= 0}, the rate finite and {@code >= 0}, at most {@code historySize} pairs.
     * Changes nothing.
     */
    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> saved) {
        Map<String, Tensor> expected = new LinkedHashMap<>();
        Tensor scalar = Tensor.scalar(DType.FLOAT64, 0);
        for (String key : List.of("step", "lr", "func_evals", "n_iter")) expected.put(key, scalar);
        Tensor nIterSaved = saved.get("n_iter");
        boolean iterated = nIterSaved != null && nIterSaved.numel() == 1 && nIterSaved.item() > 0;
        Tensor roSaved = saved.get("ro");
        int pairs = roSaved != null && roSaved.rank() == 1 ? roSaved.size(0) : 0;
        if (iterated) {
            Parameters first = new Parameters(parameters().getFirst().dtype(), numel);
            for (String key : List.of("t", "H_diag", "prev_loss")) expected.put(key, scalar);
            expected.put("d", first.vector());
            expected.put("prev_flat_grad", first.vector());
            expected.put("ro", Tensor.zeros(DType.FLOAT64, pairs));
            for (int i = 0; i < pairs; i++) {
                expected.put("old_dirs." + i, first.vector());
                expected.put("old_stps." + i, first.vector());
            }
        }
        StateDictMismatch keys = Stateful.compare(expected, saved);
        if (!keys.isEmpty()) return keys;
        List<String> mismatched = new ArrayList<>();
        for (String key : List.of("step", "func_evals", "n_iter")) {
            double v = saved.get(key).item();
            if (!(v >= 0 && v <= 0x1p53 && v == Math.rint(v))) mismatched.add(key + ": " + v + " is not a whole number in [0, 2^53]");
        }
        double lr = saved.get("lr").item();
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) mismatched.add("lr: " + lr + " is not finite and >= 0");
        if (pairs > historySize) mismatched.add("ro: " + pairs + " stored pairs, more than historySize " + historySize);
        return new StateDictMismatch(List.of(), List.of(), mismatched);
    }

    @Override
    public void loadStateDict(Map<String, Tensor> saved) {
        StateDictMismatch problems = checkStateDict(saved);
        if (!problems.isEmpty()) throw new IllegalArgumentException("LBFGS.loadStateDict: " + problems.summary() + "; nothing was loaded");
        var device = parameters().getFirst().device();
        restoreSteps((long) saved.get("step").item());
        setLearningRate(saved.get("lr").item());
        funcEvals = (long) saved.get("func_evals").item();
        nIter = (long) saved.get("n_iter").item();
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        if (nIter == 0) {
            d = prevFlatGrad = null;
            return;
        }
        t = saved.get("t").item();
        hDiag = saved.get("H_diag").item();
        prevLoss = saved.get("prev_loss").item();
        d = MemoryScope.unscoped(saved.get("d").to(device).copy());
        prevFlatGrad = MemoryScope.unscoped(saved.get("prev_flat_grad").to(device).copy());
        for (double r : saved.get("ro").toDoubleArray()) ro.add(r);
        for (int i = 0; i < ro.size(); i++) {
            oldDirs.add(MemoryScope.unscoped(saved.get("old_dirs." + i).to(device).copy()));
            oldStps.add(MemoryScope.unscoped(saved.get("old_stps." + i).to(device).copy()));
        }
    }

    /** The shape and dtype a saved flat vector must have. */
    private record Parameters(DType dtype, int numel) {
        Tensor vector() { return Tensor.zeros(dtype, numel); }
    }

    /** {@link LBFGS}'s hyperparameters by name. */
    public static final class Builder {
        private final List<Tensor> parameters;
        private double learningRate = 1;
        private int maxIter = 20;
        private Integer maxEval;
        private double toleranceGrad = 1e-7;
        private double toleranceChange = 1e-9;
        private int historySize = 100;
        private LineSearch lineSearch = LineSearch.NONE;

        private Builder(List<Tensor> parameters) { this.parameters = parameters; }

        public Builder lr(double lr) { learningRate = lr; return this; }

        public Builder maxIter(int n) { maxIter = n; return this; }

        public Builder maxEval(int n) { maxEval = n; return this; }

        public Builder toleranceGrad(double tol) { toleranceGrad = tol; return this; }

        public Builder toleranceChange(double tol) { toleranceChange = tol; return this; }

        public Builder historySize(int n) { historySize = n; return this; }

        public Builder lineSearch(LineSearch search) { lineSearch = search; return this; }

        public LBFGS build() {
            return new LBFGS(parameters, learningRate, maxIter, maxEval != null ? maxEval : maxIter * 5 / 4, toleranceGrad,
                    toleranceChange, historySize, lineSearch);
        }
    }
}
