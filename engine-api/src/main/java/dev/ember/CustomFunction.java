package dev.ember;

import java.util.Arrays;
import java.util.List;

/**
 * A differentiable function with a backward of its own, as PyTorch's {@code torch.autograd.Function}: the forward
 * computes the output from the inputs with ordinary ops, unrecorded, and the backward turns the output's gradient
 * into one gradient per input. Each {@link #apply} records one node in the graph, named after the function, whose
 * gradient rule is the backward; the tensors saved with {@link Context#saveForBackward} are guarded as every op's
 * are (an in-place change or a {@code close()} before backward fails, naming the function).
 *
 * <pre>{@code
 * // swish x sigmoid(x), with its derivative s (1 + x (1 - s)) written by hand
 * CustomFunction swish = CustomFunction.of("swish",
 *         (ctx, in) -> {
 *             Tensor x = in[0];
 *             ctx.saveForBackward(x);
 *             return x.mul(x.sigmoid());
 *         },
 *         (ctx, grad) -> {
 *             Tensor x = ctx.saved(0), s = x.sigmoid();
 *             return new Tensor[] {grad.mul(s.mul(x.mul(s.rsub(1)).add(1)))};
 *         });
 * Tensor y = swish.apply(x);          // recorded as 'swish'
 *
 * // a straight-through estimator: rounds forward, passes the gradient through unchanged
 * CustomFunction roundSte = CustomFunction.of("roundSte", (ctx, in) -> in[0].round(), (ctx, grad) -> new Tensor[] {grad});
 * }</pre>
 *
 * A subclass does the same with {@link #forward} and {@link #backward} as methods, as a PyTorch {@code Function}
 * subclass does; arguments that are not tensors (a scale, a dimension) are its fields, or what the lambdas capture.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>The backward returns exactly one gradient per input, each with its input's shape, dtype and device, or
 *       {@code null} where the input has no gradient; anything else throws naming the function. Gradients of inputs
 *       that do not require grad are ignored ({@link Context#needsInputGrad} says which are wanted).</li>
 *   <li>Double backward ({@code Autograd.grad(..., createGraph)}): the backward runs recorded, so a backward written
 *       with ordinary ops from the saved inputs (or the saved output) is differentiated again. A tensor computed in
 *       the forward and saved is a constant to that second derivative, as in PyTorch: recompute it in the backward
 *       from the inputs where second derivatives matter.</li>
 *   <li>Under {@link Autograd#noGrad()}, or when no input requires grad, only the forward runs and nothing is
 *       recorded. Saved tensors belong to the {@link MemoryScope} they were made in, like every tensor.</li>
 * </ul>
 * One output per function: Ember's graph gives each output tensor its own node.
 */
public abstract class CustomFunction {
    private final String name;

    /** The function's name in the graph ({@link Tensor#gradFnName()}) and in errors. */
    protected CustomFunction(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("CustomFunction: a name is required");
        this.name = name;
    }

    /** Named after the subclass. */
    protected CustomFunction() {
        String simple = getClass().getSimpleName();
        this.name = simple.isEmpty() ? "CustomFunction" : simple;
    }

    public final String name() { return name; }

    /**
     * Computes the output; nothing in here is recorded. Save what the backward needs with
     * {@link Context#saveForBackward}.
     */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * The gradient of each input from the gradient of the output ({@code gradOutput}, the output's shape and
     * dtype), or {@code null} for an input with no gradient. Recorded only when the caller asked for a graph of the
     * gradient ({@code createGraph}).
     */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** The forward of a function built by {@link #of}. */
    @FunctionalInterface
    public interface Forward {
        Tensor apply(Context ctx, Tensor... inputs);
    }

    /** The backward of a function built by {@link #of}. */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Context ctx, Tensor gradOutput);
    }

    /** A function from two lambdas; see the class example. */
    public static CustomFunction of(String name, Forward forward, Backward backward) {
        java.util.Objects.requireNonNull(forward, "forward");
        java.util.Objects.requireNonNull(backward, "backward");
        return new CustomFunction(name) {
            @Override
            protected Tensor forward(Context ctx, Tensor... inputs) { return forward.apply(ctx, inputs); }

            @Override
            protected Tensor[] backward(Context ctx, Tensor gradOutput) { return backward.apply(ctx, gradOutput); }
        };
    }

    /** What one call's forward leaves for its backward: PyTorch's {@code ctx}. */
    public static final class Context {
        private final String function;
        private final boolean[] needsInputGrad;
        private Tensor[] saved = Ops.NONE;
        private boolean forwardDone;

        private Context(String function, boolean[] needsInputGrad) {
            this.function = function;
            this.needsInputGrad = needsInputGrad;
        }

        /**
         * Keeps {@code tensors} for the backward (inputs, the output, or tensors the forward made), replacing what
         * an earlier call saved. The graph checks that they are neither changed in place nor closed before backward.
         */
        public void saveForBackward(Tensor... tensors) {
            if (forwardDone) {
                throw new IllegalStateException(function + ": saveForBackward is called in the forward, not after it");
            }
            for (int i = 0; i < tensors.length; i++) {
                if (tensors[i] == null) {
                    throw new IllegalArgumentException(function + ": saveForBackward got null at position " + i);
                }
            }
            saved = tensors.clone();
        }

        /** The saved tensors, in the order they were saved. */
        public List<Tensor> saved() { return List.of(saved); }

        public Tensor saved(int i) {
            if (i < 0 || i >= saved.length) {
                throw new IndexOutOfBoundsException(function + ": saved tensor " + i + " asked for, but "
                        + saved.length + " were saved");
            }
            return saved[i];
        }

        /** Whether input {@code i}'s gradient is wanted (PyTorch's {@code ctx.needs_input_grad}). */
        public boolean needsInputGrad(int i) { return needsInputGrad[i]; }
    }

    /**
     * Runs the forward, and when an input requires grad (and recording is on) records it as one op whose gradient
     * rule is the backward.
     */
    public final Tensor apply(Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) throw new IllegalArgumentException(name + ": input " + i + " is null");
        }
        Tensor[] ins = inputs.clone();
        boolean recording = Ops.recording(ins);
        boolean[] needs = new boolean[ins.length];
        for (int i = 0; i < ins.length; i++) needs[i] = recording && ins[i].requiresGrad();
        Context ctx = new Context(name, needs);
        Tensor out;
        try (var forwardOnly = Autograd.noGrad()) {
            out = forward(ctx, ins.clone());
        }
        ctx.forwardDone = true;
        if (out == null) throw new IllegalStateException(name + ": forward returned null");
        Tensor result = out;
        boolean anInput = isOneOf(out, ins);
        if (recording) {
            // the node goes on a tensor of this call's own: an input (an identity forward), a tensor already in a
            // graph or a constant the forward captured must not have its gradFn replaced. A saved output is the
            // recorded one; a saved input stays itself
            result = out.detach();
            if (!anInput) for (int i = 0; i < ctx.saved.length; i++) if (ctx.saved[i] == out) ctx.saved[i] = result;
        }
        return Ops.record(name, result, ins, ctx.saved, (grad, want) -> checked(backward(ctx, grad), want, ins));
    }

    private static boolean isOneOf(Tensor t, Tensor[] tensors) {
        for (Tensor u : tensors) if (u == t) return true;
        return false;
    }

    /** The backward's gradients, checked against the inputs they belong to; unwanted ones dropped. */
    private Tensor[] checked(Tensor[] grads, boolean[] want, Tensor[] inputs) {
        if (grads == null || grads.length != inputs.length) {
            throw new IllegalStateException(name + ": backward returned " + (grads == null ? "null" : grads.length
                    + " gradient" + (grads.length == 1 ? "" : "s")) + " for " + inputs.length + " input"
                    + (inputs.length == 1 ? "" : "s") + "; return one per input, null where an input has no gradient");
        }
        Tensor[] result = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (!want[i] || g == null) continue;
            Tensor in = inputs[i];
            if (!Arrays.equals(g.shape(), in.shape()) || g.dtype() != in.dtype() || !g.device().equals(in.device())) {
                throw new IllegalStateException(name + ": backward returned a gradient of " + describe(g)
                        + " for input " + i + " of " + describe(in) + "; a gradient has its input's shape, dtype "
                        + "and device");
            }
            result[i] = g;
        }
        return result;
    }

    private static String describe(Tensor t) {
        return "shape " + Shape.str(t.shape()) + " (" + t.dtype() + ", " + t.device() + ")";
    }
}
