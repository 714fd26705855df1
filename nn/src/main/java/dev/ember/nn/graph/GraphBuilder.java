package dev.ember.nn.graph;

import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link GraphModel} functionally (Keras's "functional model"): declare named inputs, apply modules and
 * merges to the symbolic {@link Node}s they give, then {@link #build} with the outputs. A model may have several
 * inputs and outputs, branch and merge, and use one module at several places; a module used twice is one set
 * of parameters. Each module becomes a child of the model under a name ({@code "0"}, {@code "1"}, ... in order of
 * first use, or the one given), so state-dict keys are stable.
 *
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder();
 * Node left = g.input("left"), right = g.input("right");
 * Linear encoder = new Linear(16, 8);                          // shared by both branches
 * Node a = g.apply("encoder", encoder, left), b = g.apply(encoder, right);
 * Node joined = g.concat(1, a, b);
 * GraphModel model = g.build(g.apply("similar", new Linear(16, 1), joined), g.apply("kind", new Linear(8, 3), g.add(a, b)));
 * List<Tensor> outs = model.forward(Map.of("left", x1, "right", x2));   // [similar, kind]
 * }</pre>
 */
public final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> inputs = new LinkedHashMap<>();
    private final Map<Module, String> moduleNames = new IdentityHashMap<>();
    private final Map<String, Module> modulesByName = new LinkedHashMap<>();

    /** Declares a named input; the model's inputs are taken in declaration order. */
    public Node input(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("GraphBuilder: an input needs a non-empty name");
        if (inputs.containsKey(name)) throw new IllegalArgumentException("GraphBuilder: there is already an input named '" + name + "'");
        Node node = Node.input(this, nodes.size(), name);
        inputs.put(name, node);
        return add(node);
    }

    /** {@code module} applied to {@code input}, named {@code "0"}, {@code "1"}, ... by first use unless already named. */
    public Node apply(Module module, Node input) {
        if (module == null) throw new IllegalArgumentException("GraphBuilder.apply: module is null");
        String name = moduleNames.get(module);
        if (name == null) {
            int i = modulesByName.size();
            while (modulesByName.containsKey(Integer.toString(i))) i++;
            name = Integer.toString(i);
        }
        return apply(name, module, input);
    }

    /**
     * {@code module} applied to {@code input}, registered under {@code name} (its state-dict prefix). Applying the
     * same module again shares it; it must keep its name.
     */
    public Node apply(String name, Module module, Node input) {
        if (module == null) throw new IllegalArgumentException("GraphBuilder.apply: module is null");
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("GraphBuilder.apply: a module name must be non-empty and without dots, got '" + name + "'");
        }
        check("apply", input);
        String known = moduleNames.get(module);
        if (known != null && !known.equals(name)) {
            throw new IllegalArgumentException("GraphBuilder.apply: " + module.toString().lines().findFirst().orElse("")
                    + " is already in the graph as '" + known + "', cannot name it '" + name + "' too");
        }
        Module other = modulesByName.get(name);
        if (other != null && other != module) {
            throw new IllegalArgumentException("GraphBuilder.apply: the name '" + name + "' is already used by another module");
        }
        moduleNames.put(module, name);
        modulesByName.put(name, module);
        return add(Node.layer(this, nodes.size(), name, module, input));
    }

    /** The inputs joined along {@code dim} (negative counts from the end), as {@link Tensor#cat}. */
    public Node concat(int dim, Node... inputs) {
        return merge("concat(dim=" + dim + ")", values -> Tensor.cat(dim, values), atLeast(1, "concat", inputs));
    }

    /** The elementwise sum of the inputs (broadcasting). */
    public Node add(Node... inputs) {
        return merge("add", values -> fold(values, Tensor::add), atLeast(2, "add", inputs));
    }

    /** The elementwise product of the inputs (broadcasting). */
    public Node multiply(Node... inputs) {
        return merge("multiply", values -> fold(values, Tensor::mul), atLeast(2, "multiply", inputs));
    }

    /**
     * Any function of several nodes, written with tensor ops so autograd differentiates it (it holds no
     * parameters; give those to a module).
     */
    public Node merge(String name, Function<List<Tensor>, Tensor> function, Node... inputs) {
        if (function == null) throw new IllegalArgumentException("GraphBuilder.merge: function is null");
        return merge(name, function, atLeast(1, name, inputs));
    }

    private Node merge(String label, Function<List<Tensor>, Tensor> function, List<Node> inputs) {
        for (Node n : inputs) check(label, n);
        return add(Node.merge(this, nodes.size(), label, function, inputs));
    }

    private static List<Node> atLeast(int count, String op, Node[] inputs) {
        if (inputs == null || inputs.length < count) {
            throw new IllegalArgumentException("GraphBuilder." + op + " needs at least " + count + " node" + (count > 1 ? "s" : "")
                    + ", got " + (inputs == null ? 0 : inputs.length));
        }
        return Arrays.asList(inputs);
    }

    private static Tensor fold(List<Tensor> values, java.util.function.BinaryOperator<Tensor> op) {
        Tensor r = values.get(0);
        for (int i = 1; i < values.size(); i++) r = op.apply(r, values.get(i));
        return r;
    }

    private Node add(Node node) {
        nodes.add(node);
        return node;
    }

    void check(String op, Node node) {
        if (node == null) throw new IllegalArgumentException("GraphBuilder." + op + ": a node is null");
        if (node.owner != this) {
            throw new IllegalArgumentException("GraphBuilder." + op + ": " + node + " comes from another GraphBuilder; "
                    + "nodes can only be combined with nodes of the same builder");
        }
    }

    /**
     * The model computing {@code outputs} (in this order) from the inputs. Every declared input must be used;
     * only the modules the outputs depend on become children.
     */
    public GraphModel build(Node... outputs) {
        if (outputs == null || outputs.length == 0) throw new IllegalArgumentException("GraphBuilder.build needs at least one output");
        for (Node n : outputs) check("build", n);
        boolean[] needed = new boolean[nodes.size()];
        for (Node n : outputs) needed[n.id] = true;
        // ids are a topological order (a node only refers to earlier ones), so one backward sweep marks all ancestors
        for (int id = nodes.size() - 1; id >= 0; id--) {
            if (needed[id]) for (Node in : nodes.get(id).inputs) needed[in.id] = true;
        }
        List<String> unused = new ArrayList<>();
        for (Node in : inputs.values()) if (!needed[in.id]) unused.add(in.inputName);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("GraphBuilder.build: inputs " + unused + " are not used by any output");
        }
        List<Node> order = new ArrayList<>();
        for (Node n : nodes) if (needed[n.id]) order.add(n);
        Map<String, Module> children = new LinkedHashMap<>();
        for (var e : modulesByName.entrySet()) {
            for (Node n : order) {
                if (n.module == e.getValue()) {
                    children.put(e.getKey(), e.getValue());
                    break;
                }
            }
        }
        return new GraphModel(List.copyOf(inputs.keySet()), order, List.of(outputs), children);
    }
}
