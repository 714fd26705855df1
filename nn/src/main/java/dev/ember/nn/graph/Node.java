package dev.ember.nn.graph;

import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.List;
import java.util.function.Function;

/**
 * A symbolic value in a {@link GraphBuilder}'s graph: a named input, a module applied to one node, or a merge of
 * several nodes. Nodes are immutable and can only refer to nodes made before them, so a graph has no cycles.
 */
public final class Node {
    final GraphBuilder owner;
    final int id;
    final String label;
    final List<Node> inputs;
    /** The input's name, or null. */
    final String inputName;
    /** The module applied, or null. */
    final Module module;
    /** The merge applied, or null. */
    final Function<List<Tensor>, Tensor> merge;

    private Node(GraphBuilder owner, int id, String label, List<Node> inputs, String inputName, Module module,
                 Function<List<Tensor>, Tensor> merge) {
        this.owner = owner;
        this.id = id;
        this.label = label;
        this.inputs = List.copyOf(inputs);
        this.inputName = inputName;
        this.module = module;
        this.merge = merge;
    }

    static Node input(GraphBuilder owner, int id, String name) {
        return new Node(owner, id, "input '" + name + "'", List.of(), name, null, null);
    }

    static Node layer(GraphBuilder owner, int id, String childName, Module module, Node input) {
        return new Node(owner, id, "'" + childName + "' " + module.toString().lines().findFirst().orElse(""), List.of(input),
                null, module, null);
    }

    static Node merge(GraphBuilder owner, int id, String label, Function<List<Tensor>, Tensor> merge, List<Node> inputs) {
        return new Node(owner, id, label, inputs, null, null, merge);
    }

    boolean isInput() { return inputName != null; }

    /** Computes this node from its inputs' values. */
    Tensor evaluate(List<Tensor> values) {
        return module != null ? module.forward(values.get(0)) : merge.apply(values);
    }

    @Override
    public String toString() { return "Node#" + id + "(" + label + ")"; }
}
