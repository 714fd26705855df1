package dev.ember;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks autodiff against central finite differences in float64, as the seeds teach: for a scalar projection
 * {@code L = sum(f(x) * r)} with fixed random {@code r}, each element's analytic {@code dL/dx_i} must match
 * {@code (L(x_i + eps) - L(x_i - eps)) / 2 eps}.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(in -> in[0].tanh().mul(in[1]), Tensor.randn(3, 4), Tensor.randn(4));
 * if (!r.passed()) throw new AssertionError(r);
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** The outcome: the worst element's analytic and numeric gradient. */
    public record Result(boolean passed, double maxError, String worst) {
        @Override
        public String toString() {
            return (passed ? "gradients match" : "gradients differ") + " (max error " + maxError + ", at " + worst + ")";
        }
    }

    /** Tolerances suited to float64 with {@code eps = 1e-6}. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, 1e-6, 1e-5, 1e-4, inputs);
    }

    /**
     * @param eps    the finite-difference step
     * @param atol   absolute tolerance
     * @param rtol   tolerance relative to the numeric gradient's magnitude
     * @param inputs float inputs are differentiated (converted to float64); others are passed as they are
     */
    public static Result check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        // everything the check makes is closed when it returns: on a GPU, tensors left to the garbage collector
        // would keep their device memory (gigabytes over the thousands of evaluations of a large input)
        try (MemoryScope scope = MemoryScope.open()) {
            return checkScoped(f, eps, atol, rtol, inputs);
        }
    }

    private static Result checkScoped(Function<Tensor[], Tensor> f, double eps, double atol, double rtol,
                                      Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        List<Tensor> variables = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in.dtype().isFloating()) {
                xs[i] = in.detach().to(DType.FLOAT64).copy().requiresGrad(true);
                variables.add(xs[i]);
            } else {
                xs[i] = in;
            }
        }
        if (variables.isEmpty()) throw new IllegalArgumentException("GradCheck: no float input to differentiate");
        Tensor out = f.apply(xs);
        Tensor projection = new Generator(1234, out.device()).randn(DType.FLOAT64, out.shape());
        // an output that does not depend on the inputs through the graph has zero analytic gradient; the
        // finite differences then say whether that is right (a wrongly detached function fails here)
        List<Tensor> analytic = new ArrayList<>();
        if (out.requiresGrad()) {
            analytic = Autograd.grad(out.to(DType.FLOAT64).mul(projection).sum(), variables, null, false, false);
        } else {
            for (Tensor v : variables) analytic.add(Tensor.zerosLike(v));
        }

        double maxError = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;   // error beyond the tolerance; > 0 fails
        String worst = "nowhere";
        boolean passed = true;
        try (var s = Autograd.noGrad()) {
            for (int v = 0; v < variables.size(); v++) {
                Tensor x = variables.get(v);
                double[] base = x.toDoubleArray();
                double[] a = analytic.get(v).toDoubleArray();
                for (int j = 0; j < base.length; j++) {
                    double plus = evaluate(f, xs, x, base, j, base[j] + eps, projection);
                    double minus = evaluate(f, xs, x, base, j, base[j] - eps, projection);
                    double numeric = (plus - minus) / (2 * eps);
                    double err = Math.abs(a[j] - numeric);
                    double excess = err - (atol + rtol * Math.abs(numeric));
                    maxError = Math.max(maxError, err);
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = "input " + v + " element " + j + ": analytic " + a[j] + ", numeric " + numeric;
                    }
                    passed &= excess <= 0;
                }
            }
        }
        return new Result(passed, maxError, worst);
    }

    /** {@code L} with element {@code j} of {@code x} set to {@code value}. */
    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor x, double[] base, int j,
                                   double value, Tensor projection) {
        try (MemoryScope scope = MemoryScope.open()) {   // one evaluation's tensors go as soon as it is done
            return evaluateScoped(f, xs, x, base, j, value, projection);
        }
    }

    private static double evaluateScoped(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor x, double[] base, int j,
                                         double value, Tensor projection) {
        double[] moved = base.clone();
        moved[j] = value;
        Tensor[] args = xs.clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] == x) args[i] = Tensor.of(moved, x.shape()).to(x.device());
        }
        return f.apply(args).to(DType.FLOAT64).mul(projection).sum().item();
    }

    /**
     * Checks second derivatives: the gradient of {@code L = sum(f(x) * r)}, taken with a graph, is itself
     * checked against finite differences.
     */
    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(xs -> {
            try (var s = Autograd.enableGrad()) {   // also while the outer check evaluates without a graph
                Tensor[] args = xs.clone();
                List<Tensor> vars = new ArrayList<>();
                for (int i = 0; i < args.length; i++) {
                    if (!args[i].dtype().isFloating()) continue;
                    if (!args[i].requiresGrad()) args[i] = args[i].detach().requiresGrad(true);
                    vars.add(args[i]);
                }
                Tensor out = f.apply(args);
                Tensor projection = new Generator(99, out.device()).randn(DType.FLOAT64, out.shape());
                List<Tensor> grads = Autograd.grad(out.to(DType.FLOAT64).mul(projection).sum(), vars, null, true, true);
                List<Tensor> flat = new ArrayList<>();
                for (Tensor g : grads) flat.add(g.reshape(-1));
                return Tensor.cat(0, flat);
            }
        }, 1e-5, 1e-4, 1e-3, inputs);
    }
}
