package dev.ember;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a backward pass is done with each hooked leaf: a leaf can take gradient from several nodes, each added as its
 * node runs, so its gradient is final once the last node that feeds it has run. Counts those edges before the
 * sweep, counts them down as nodes run (those that receive no gradient too) and calls the leaf's
 * {@link Tensor#registerPostAccumulateGradHook hooks} when its count reaches zero, if the pass gave it a gradient.
 */
final class GradHooks {
    private final Map<Tensor, int[]> edgesLeft = new IdentityHashMap<>();
    private final Map<Tensor, Boolean> received = new IdentityHashMap<>();

    private GradHooks() {}

    /** The bookkeeping for a sweep over {@code order}, or null when no leaf it reaches has a hook. */
    static GradHooks of(List<Node> order) {
        GradHooks hooks = null;
        for (Node node : order) {
            for (int i = 0; i < node.inputs.length; i++) {
                Tensor leaf = hookedLeaf(node, i);
                if (leaf == null) continue;
                if (hooks == null) hooks = new GradHooks();
                hooks.edgesLeft.computeIfAbsent(leaf, t -> new int[1])[0]++;
            }
        }
        return hooks;
    }

    private static Tensor hookedLeaf(Node node, int i) {
        Tensor in = node.inputs[i];
        return in != null && node.producers[i] == null && node.inputNeedsGrad[i] && in.hasPostAccumulateGradHooks() ? in : null;
    }

    /** Whether {@code leaf} has hooks this sweep must call. */
    boolean tracks(Tensor leaf) { return edgesLeft.containsKey(leaf); }

    /** {@code leaf} got gradient in this pass. */
    void accumulated(Tensor leaf) {
        if (edgesLeft.containsKey(leaf)) received.put(leaf, Boolean.TRUE);
    }

    /** {@code node} has run (or was skipped): its leaves that expect nothing more are final. */
    void done(Node node) {
        for (int i = 0; i < node.inputs.length; i++) {
            Tensor leaf = hookedLeaf(node, i);
            if (leaf == null) continue;
            int[] left = edgesLeft.get(leaf);
            if (left != null && --left[0] == 0 && received.containsKey(leaf)) leaf.runPostAccumulateGradHooks();
        }
    }
}
