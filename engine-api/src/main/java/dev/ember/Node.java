package dev.ember;

/**
 * One recorded op in the graph: its name, its inputs, the tensors its gradient rule reads (with the version each
 * had when it was saved) and the rule. Immutable but for being freed after a backward pass.
 */
final class Node {
    final String op;
    final Tensor[] inputs;
    /**
     * Each input's producing node and whether it wanted a gradient, as they were when this op ran: an in-place op
     * may later give the input tensor a new node, which must not change where this op's gradient goes.
     */
    final Node[] producers;
    final boolean[] inputNeedsGrad;
    private volatile GradientRule rule;
    private volatile Tensor[] saved;
    private final int[] savedVersions;
    /** The output tensor, when it asked to keep its gradient ({@link Tensor#retainGrad()}). */
    Tensor retainGradOf;

    Node(String op, Tensor[] inputs, Tensor[] saved, GradientRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.producers = new Node[inputs.length];
        this.inputNeedsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) continue;
            producers[i] = inputs[i].gradFn();
            inputNeedsGrad[i] = inputs[i].requiresGrad();
        }
        this.rule = rule;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].shared().version();
    }

    Tensor[] backward(Tensor grad, boolean[] needs) {
        // read once: a backward pass on another thread may free this node meanwhile
        GradientRule rule = this.rule;
        Tensor[] saved = this.saved;
        if (rule == null) {
            throw new IllegalStateException("backward through the graph of '" + op + "' a second time: its saved "
                    + "tensors were freed by the first backward; pass retainGraph=true to the first backward if you "
                    + "need to go through it again");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].isClosed()) {
                throw new IllegalStateException("backward through '" + op + "': a tensor of shape "
                        + Shape.str(saved[i].shape()) + " that its gradient needs was closed (by close() or its "
                        + "MemoryScope) before backward; close it after backward, or keep it out of the scope");
            }
            int now = saved[i].shared().version();
            if (now != savedVersions[i]) {
                throw new IllegalStateException("a tensor of shape " + Shape.str(saved[i].shape())
                        + " needed to compute the gradient of '" + op + "' was modified by an in-place op (it is at "
                        + "version " + now + ", the graph saved version " + savedVersions[i] + "); use the "
                        + "out-of-place op or clone() the tensor before changing it");
            }
        }
        return rule.apply(grad, needs);
    }

    /** The rule, or null once freed: the backward sweep recognises a few rules it can apply more cheaply. */
    GradientRule rule() { return rule; }

    void free() {
        rule = null;
        saved = new Tensor[0];
    }
}
