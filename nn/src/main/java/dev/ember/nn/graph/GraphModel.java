package dev.ember.nn.graph;

import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model made by {@link GraphBuilder}: its modules are its children, and {@link #forward(List)} evaluates the
 * graph once per call (a node used by several others is computed once), returning the outputs in the order
 * given to {@link GraphBuilder#build}.
 *
 * <pre>{@code
 * List<Tensor> outs = model.forward(List.of(left, right));     // inputs in declaration order
 * Tensor y = singleInOut.forward(x);                          // one input, one output
 * }</pre>
 */
public final class GraphModel extends Module {
    private final List<String> inputNames;
    private final List<Node> order;
    private final List<Node> outputs;

    GraphModel(List<String> inputNames, List<Node> order, List<Node> outputs, Map<String, Module> modules) {
        this.inputNames = inputNames;
        this.order = order;
        this.outputs = outputs;
        modules.forEach(this::child);
    }

    /** The input names, in the order {@link #forward(List)} takes them. */
    public List<String> inputNames() { return inputNames; }

    public int outputCount() { return outputs.size(); }

    /** Runs the graph on its inputs, given in declaration order; returns the outputs in order. */
    public List<Tensor> forward(List<Tensor> inputs) {
        if (inputs == null || inputs.size() != inputNames.size()) {
            throw new IllegalArgumentException(describe() + ": expected " + inputNames.size() + " input" + (inputNames.size() == 1 ? "" : "s")
                    + " " + inputNames + ", got " + (inputs == null ? 0 : inputs.size()));
        }
        Map<String, Tensor> named = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) named.put(inputNames.get(i), inputs.get(i));
        return run(named);
    }

    /** Runs the graph on inputs given by name; every input must be given, and no other. */
    public List<Tensor> forward(Map<String, Tensor> inputs) {
        for (String name : inputs.keySet()) {
            if (!inputNames.contains(name)) throw new IllegalArgumentException(describe() + ": unknown input '" + name + "'; inputs are " + inputNames);
        }
        for (String name : inputNames) {
            if (!inputs.containsKey(name)) throw new IllegalArgumentException(describe() + ": input '" + name + "' is missing; inputs are " + inputNames);
        }
        return run(inputs);
    }

    /** For a graph with one input and one output. */
    @Override
    public Tensor forward(Tensor input) {
        if (inputNames.size() != 1 || outputs.size() != 1) {
            throw new IllegalArgumentException(describe() + ": forward(Tensor) needs one input and one output; use forward(List) or forward(Map)");
        }
        return run(Map.of(inputNames.get(0), input)).get(0);
    }

    private List<Tensor> run(Map<String, Tensor> inputs) {
        Map<Node, Tensor> values = new HashMap<>();
        for (Node node : order) {
            Tensor value;
            if (node.isInput()) {
                value = inputs.get(node.inputName);
                if (value == null) throw new IllegalArgumentException(describe() + ": input '" + node.inputName + "' is null");
            } else {
                List<Tensor> args = new ArrayList<>(node.inputs.size());
                for (Node in : node.inputs) args.add(values.get(in));
                value = node.evaluate(args);
            }
            values.put(node, value);
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (Node n : outputs) out.add(values.get(n));
        return out;
    }

    @Override
    protected String describe() { return "GraphModel(inputs=" + inputNames + ", outputs=" + outputs.size() + ")"; }
}
