package dev.ember;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the graph that ops record, and the scopes that control recording.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
 * Tensor y = x.mul(x).sum();
 * y.backward();                       // x.grad() = 2x
 * try (var s = Autograd.noGrad()) {   // nothing recorded in here
 *     x.subInPlace(x.grad().mul(0.1));
 * }
 * }</pre>
 *
 * A function with a backward of its own (PyTorch's {@code torch.autograd.Function}) is a {@link CustomFunction}.
 */
public final class Autograd {
    private Autograd() {}

    /** Restores the previous setting when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Ops inside the scope record nothing (inference, optimizer updates). */
    public static Scope noGrad() { return GradMode.set(GradMode.GRAD, false); }

    /** Ops inside the scope record again, inside an outer {@link #noGrad()}. */
    public static Scope enableGrad() { return GradMode.set(GradMode.GRAD, true); }

    public static boolean isGradEnabled() { return GradMode.enabled(); }

    /**
     * Inside the scope, every op checks its output (and every backward step its gradients) for NaN and throws
     * naming the first op that produced one. Slow: for debugging.
     */
    public static Scope detectAnomaly() { return GradMode.set(GradMode.ANOMALY, true); }

    /**
     * Gradients of {@code output} with respect to {@code inputs}, returned instead of accumulated into
     * {@code grad()}. With {@code createGraph} the gradients are themselves recorded, so they can be
     * differentiated again (gradient penalties, hypernetworks).
     *
     * <pre>{@code
     * Tensor dy = Autograd.grad(y, List.of(x), null, true, true).get(0);  // dy/dx, differentiable
     * Tensor d2y = Autograd.grad(dy.sum(), List.of(x)).get(0);
     * }</pre>
     *
     * @param gradOutput the gradient of the output, or {@code null} for a scalar output (1)
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, Tensor gradOutput, boolean retainGraph,
                                    boolean createGraph) {
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("grad: an input of shape " + Shape.str(in.shape())
                        + " does not require grad");
            }
        }
        Map<Object, Tensor> captured = run(output, gradOutput, retainGraph, createGraph, inputs);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            Tensor g = captured.get(key(in));
            result.add(g != null ? g : Tensor.zerosLike(in));
        }
        return result;
    }

    /** {@link #grad(Tensor, List, Tensor, boolean, boolean)} of a scalar output, without keeping the graph. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
        return grad(output, inputs, null, false, false);
    }

    static void backward(Tensor output, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        run(output, gradOutput, retainGraph, createGraph, null);
    }

    /** Leaves are keyed by the tensor, other tensors by the node that made them. */
    private static Object key(Tensor t) { return t.gradFn() != null ? t.gradFn() : t; }

    private static Map<Object, Tensor> run(Tensor output, Tensor gradOutput, boolean retainGraph,
                                           boolean createGraph, List<Tensor> capture) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("backward: the output (shape " + Shape.str(output.shape()) + ") does not "
                    + "require grad and has no graph: did you compute it inside Autograd.noGrad(), from detached "
                    + "tensors, or from tensors without requiresGrad(true)?");
        }
        Tensor seed = seedGradient(output, gradOutput);
        Set<Object> wanted = null;
        if (capture != null) {
            wanted = new HashSet<>();
            for (Tensor t : capture) wanted.add(key(t));
        }
        Map<Object, Tensor> captured = new IdentityHashMap<>();
        if (output.gradFn() == null) {   // the output is itself a leaf
            if (wanted != null) {
                captured.put(output, seed);
            } else {
                output.accumulateGrad(seed, createGraph);
                output.runPostAccumulateGradHooks();
            }
            return captured;
        }
        List<Node> order = topologicalOrder(output.gradFn());
        GradHooks hooks = wanted == null ? GradHooks.of(order) : null;
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(output.gradFn(), seed);
        // Sums this sweep allocated itself and has not handed to a rule yet: nothing else holds them, so further
        // gradient is added into them in place. Not when the sweep records (createGraph): then every sum is an op.
        Set<Tensor> owned = createGraph ? null : java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        // A leaf used many times (a recurrent weight, once per step) gets its gradients summed here, in place, and
        // accumulated into grad() once at the end, instead of a new sum per use
        Map<Tensor, Tensor> leafSums = owned == null ? null : new IdentityHashMap<>();
        try (var mode = GradMode.set(GradMode.GRAD, createGraph); var amp = Autocast.off()) {   // rules run in their forward's dtypes
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) {   // nothing flows through this node
                    if (hooks != null) hooks.done(node);
                    continue;
                }
                if (owned != null) owned.remove(g);   // a rule may keep or pass on its gradient
                if (wanted != null && wanted.contains(node)) captured.put(node, g);
                if (node.retainGradOf != null) node.retainGradOf.accumulateGrad(g, createGraph);
                boolean[] needs = node.inputNeedsGrad.clone();
                if (owned != null && needs[0] && node.producers[0] != null && !GradMode.anomaly()
                        && node.rule() instanceof Views.SliceGradient slice) {
                    addSlice(slice, g, node.inputs[0], node.producers[0], pending, owned);
                    if (!retainGraph) node.free();
                    continue;
                }
                Tensor[] grads;
                if (GradMode.anomaly()) {
                    // the rule's own ops are not blamed: the NaN is reported as this node's backward
                    try (var quiet = GradMode.set(GradMode.ANOMALY, false)) {
                        grads = node.backward(g, needs);
                    }
                    Anomaly.checkBackward(node.op, g, grads);
                } else {
                    grads = node.backward(g, needs);
                }
                if (!retainGraph) node.free();
                for (int i = 0; i < needs.length; i++) {
                    if (!needs[i] || grads[i] == null) continue;
                    Tensor in = node.inputs[i];
                    Tensor gi = conform(node.op, i, grads[i], in);
                    Node producer = node.producers[i];
                    if (producer != null) {
                        add(pending, producer, gi, owned);
                    } else if (wanted != null) {
                        if (wanted.contains(in)) captured.merge(in, gi, Tensor::add);
                    } else if (leafSums != null && (hooks == null || !hooks.tracks(in))) {
                        add(leafSums, in, gi, owned);   // a hooked leaf's gradient must be in grad() when its hooks run
                    } else {
                        in.accumulateGrad(gi, createGraph);
                        if (hooks != null) hooks.accumulated(in);
                    }
                }
                if (hooks != null) hooks.done(node);
            }
            if (leafSums != null) leafSums.forEach((leaf, sum) -> leaf.accumulateGrad(sum, false));
        }
        return captured;
    }

    /** Adds {@code g} to the sum kept under {@code key}: in place where this sweep owns the sum. */
    private static <K> void add(Map<K, Tensor> sums, K key, Tensor g, Set<Tensor> owned) {
        Tensor sum = sums.get(key);
        if (sum == null) sums.put(key, g);
        else if (owned != null && owned.contains(sum)) sum.addInPlace(g);
        else {
            sum = sum.add(g);
            sums.put(key, sum);
            if (owned != null) owned.add(sum);
        }
    }

    /** A slice's gradient added into the part it came from of its input's sum, which this sweep then owns. */
    private static void addSlice(Views.SliceGradient slice, Tensor g, Tensor in, Node producer,
                                 Map<Node, Tensor> pending, Set<Tensor> owned) {
        Tensor sum = pending.get(producer);
        if (sum == null || !owned.contains(sum)) {
            Tensor fresh = Ops.zeros(g, in.dtype(), in.shape());
            if (sum != null) fresh.addInPlace(sum);
            pending.put(producer, fresh);
            owned.add(fresh);
            sum = fresh;
        }
        slice.addInto(sum, g.dtype() == in.dtype() ? g : g.to(in.dtype()));
    }

    private static Tensor seedGradient(Tensor output, Tensor gradOutput) {
        if (gradOutput == null) {
            if (output.numel() != 1) {
                throw new IllegalArgumentException("backward: a gradient can be created implicitly only for a "
                        + "scalar output, but the output has shape " + Shape.str(output.shape())
                        + "; pass the output's gradient");
            }
            return Tensor.onesLike(output);
        }
        if (!java.util.Arrays.equals(gradOutput.shape(), output.shape())) {
            throw new IllegalArgumentException("backward: the gradient has shape " + Shape.str(gradOutput.shape())
                    + " but the output has shape " + Shape.str(output.shape()));
        }
        return gradOutput.to(output.dtype());
    }

    /** A rule's gradient must have its input's shape and dtype; a mismatch is a bug in the rule, named here. */
    private static Tensor conform(String op, int i, Tensor g, Tensor in) {
        if (!java.util.Arrays.equals(g.shape(), in.shape())) {
            throw new IllegalStateException("internal: the gradient rule of '" + op + "' returned shape "
                    + Shape.str(g.shape()) + " for input " + i + " of shape " + Shape.str(in.shape()));
        }
        return g.dtype() == in.dtype() ? g : g.to(in.dtype());
    }

    /** Nodes ordered so that each comes before the nodes of its inputs (iterative: graphs can be deep). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node n = (Node) frame[0];
            int next = (int) frame[1];
            if (next < n.inputs.length) {
                frame[1] = next + 1;
                Node child = n.producers[next];
                if (child != null && visited.add(child)) stack.push(new Object[] {child, 0});
            } else {
                stack.pop();
                postOrder.add(n);
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}
