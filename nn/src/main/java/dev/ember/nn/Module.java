package dev.ember.nn;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A part of a network: it owns parameters (trained), buffers (saved, not trained) and child modules, each
 * registered under a name, and defines {@link #forward}. Names join into dotted paths
 * ({@code "features.0.weight"}) exactly as PyTorch's {@code state_dict} keys, so checkpoints can be exchanged.
 *
 * <pre>{@code
 * final class TwoLayer extends Module {
 *     private final Linear hidden = child("hidden", new Linear(784, 128));
 *     private final Linear out = child("out", new Linear(128, 10));
 *     public Tensor forward(Tensor x) { return out.forward(hidden.forward(x).relu()); }
 * }
 * }</pre>
 *
 * <p>A module shared by two parents (or used twice) is one set of parameters: {@link #parameters()} lists each
 * tensor once, as PyTorch does.
 */
public abstract class Module implements Stateful {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Runs the module on one input. */
    public abstract Tensor forward(Tensor input);

    // ---- registration, for subclasses ----

    /** Registers a trainable tensor; it is made a leaf that requires grad. */
    protected final Parameter parameter(String name, Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(name, initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers state that is saved and moved with the module but not trained. */
    protected final Buffer buffer(String name, Tensor initial) {
        checkName(name);
        Buffer b = new Buffer(name, initial);
        buffers.put(name, b);
        return b;
    }

    /** Registers a sub-module; returns it so a field can be initialised in one line. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        if (module == null) throw new IllegalArgumentException("child '" + name + "' is null");
        if (module == this) throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        children.put(name, module);
        return module;
    }

    /** Registers a module with its own input and output types (records for several); returns it. */
    protected final <M extends TypedModule<?, ?>> M child(String name, M module) {
        if (module == null) throw new IllegalArgumentException("child '" + name + "' is null");
        child(name, module.asModule());
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a registered name must be non-empty and without dots, got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has something named '" + name + "'");
        }
    }

    // ---- what it holds ----

    /** Every parameter tensor of this module and its descendants, each once, in registration order. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters by dotted name; a shared parameter appears under the first name it is reached by. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit("", (prefix, m) -> m.parameters.forEach((name, p) -> {
            if (seen.add(p)) out.put(prefix + name, p.value());
        }));
        return out;
    }

    /** Buffers by dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Buffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit("", (prefix, m) -> m.buffers.forEach((name, b) -> {
            if (seen.add(b)) out.put(prefix + name, b.value());
        }));
        return out;
    }

    /** Parameters and buffers by dotted name: what a checkpoint saves. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit("", (prefix, m) -> {
            m.parameters.forEach((name, p) -> { if (seen.add(p)) out.put(prefix + name, p.value()); });
            m.buffers.forEach((name, b) -> { if (seen.add(b)) out.put(prefix + name, b.value()); });
        });
        return out;
    }

    /** The direct children by name. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** This module and every descendant by dotted name ("" for this one), each once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    /** The number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    private interface Visitor { void accept(String prefix, Module module); }

    private void visit(String prefix, Visitor visitor) {
        visit(prefix, visitor, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private void visit(String prefix, Visitor visitor, Set<Module> seen) {
        if (!seen.add(this)) return;
        visitor.accept(prefix, this);
        children.forEach((name, child) -> child.visit(prefix + name + ".", visitor, seen));
    }

    // ---- loading ----

    /**
     * Copies {@code state} into this module's parameters and buffers (converting dtype, keeping device). Every
     * key must match a tensor of the same shape; otherwise nothing is changed and the exception lists the
     * missing, unexpected and mismatched keys.
     */
    @Override
    public void loadStateDict(Map<String, Tensor> state) { loadStateDict(state, true); }

    /**
     * As {@link #loadStateDict(Map)}; with {@code strict} false, missing and unexpected keys are allowed (for
     * fine-tuning part of a model) and the result lists them. Shape mismatches always throw.
     */
    public StateDictMismatch loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) missing.add(e.getKey());
            else if (!Arrays.equals(given.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint " + Shape.str(given.shape()) + ", model " + Shape.str(e.getValue().shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) if (!own.containsKey(key)) unexpected.add(key);
        StateDictMismatch result = new StateDictMismatch(missing, unexpected, mismatched);
        if (!mismatched.isEmpty() || (strict && !result.isEmpty())) throw new IllegalArgumentException(result.describe(getClass().getSimpleName()));
        try (var noGrad = Autograd.noGrad()) {
            for (var e : own.entrySet()) {
                Tensor given = state.get(e.getKey());
                if (given != null) e.getValue().copyFrom(given.to(e.getValue().device()));
            }
        }
        return result;
    }

    // ---- mode and state ----

    /** Training mode (dropout active, batch norm on batch statistics); returns this, typed as the caller's variable. */
    public <M extends Module> M train() { return train(true); }

    /** Inference mode (dropout off, batch norm on running statistics); returns this, typed as the caller's variable. */
    public <M extends Module> M eval() { return train(false); }

    public <M extends Module> M train(boolean on) {
        visit("", (prefix, m) -> m.training = on);
        return self();
    }

    public boolean isTraining() { return training; }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) every parameter of this module and its descendants, as
     * PyTorch's {@code requires_grad_}; returns this. A frozen parameter gets no gradient from {@code backward},
     * so optimizers, which skip parameters without one, leave it as it is (its optimizer state too):
     * <pre>{@code
     * body.requiresGrad(false);                               // transfer learning: train the new head only
     * Optimizer opt = new Adam(model.parameters(), 1e-3);     // frozen parameters are accepted, and skipped
     * }</pre>
     * It also drops the gradients frozen parameters hold, which would otherwise still be applied by the next step.
     */
    public Module requiresGrad(boolean on) {
        for (Tensor p : parameters()) {
            if (!on) Gradients.release(List.of(p));
            p.requiresGrad(on);
        }
        return this;
    }

    /** Drops every parameter's gradient and releases its memory; copy a gradient first to keep it. */
    public void zeroGrad() {
        Gradients.release(parameters());
    }

    /**
     * Moves parameters and buffers to {@code device}, in place of the old tensors; returns this, typed as the
     * variable it is assigned to, so no cast is needed ({@code Net net = new Net().to(device);}; with {@code var},
     * the type is {@code Module}). Assigning it to another module type throws {@link ClassCastException}.
     */
    public <M extends Module> M to(Device device) {
        replaceAll(t -> t.device().equals(device) ? t : t.to(device));
        return self();
    }

    /** Converts floating parameters and buffers to {@code dtype} (float64 for gradient checks); returns this, as {@link #to(Device)}. */
    public <M extends Module> M to(DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException("to(" + dtype + "): a module's parameters must stay floating");
        replaceAll(t -> t.dtype().isFloating() && t.dtype() != dtype ? t.to(dtype) : t);
        return self();
    }

    // the caller's type, as PyTorch's model = Net().to(device) keeps it; Java has no self type to say it exactly
    @SuppressWarnings("unchecked")
    private <M extends Module> M self() { return (M) this; }

    // ---- saving in one line ----

    /**
     * Writes {@link #stateDict()} to a safetensors file, atomically (a failed write leaves the old file whole),
     * as {@code torch.save(model.state_dict(), path)}; an I/O failure throws {@link java.io.UncheckedIOException}.
     *
     * <pre>{@code
     * model.save(Path.of("model.safetensors"));
     * Net restored = new Net().load(Path.of("model.safetensors"));
     * }</pre>
     */
    public void save(java.nio.file.Path path) {
        try {
            dev.ember.nn.io.Safetensors.write(path, stateDict());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(getClass().getSimpleName() + ".save: cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a file written by {@link #save} (or any safetensors state dict with this module's keys and shapes)
     * into this module, as {@code model.load_state_dict(torch.load(path))}; returns this, as {@link #to(Device)}.
     * All or nothing: a missing file or key, or a wrong shape, throws and changes nothing.
     */
    public <M extends Module> M load(java.nio.file.Path path) {
        Map<String, Tensor> state;
        try {
            state = dev.ember.nn.io.Safetensors.load(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(getClass().getSimpleName() + ".load: cannot read " + path + ": " + e.getMessage(), e);
        }
        loadStateDict(state);
        return self();
    }

    private void replaceAll(java.util.function.UnaryOperator<Tensor> change) {
        try (var noGrad = Autograd.noGrad()) {
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            visit("", (prefix, m) -> {
                m.parameters.values().forEach(p -> { if (seen.add(p)) { Tensor t = change.apply(p.value()); if (t != p.value()) p.set(t); } });
                m.buffers.values().forEach(b -> { if (seen.add(b)) b.replace(change.apply(b.value())); });
            });
        }
    }

    /** Calls {@code action} on this module and every descendant (each once), as PyTorch's {@code apply}; returns this. */
    public <M extends Module> M apply(Consumer<Module> action) {
        visit("", (prefix, m) -> action.accept(m));
        return self();
    }

    // ---- errors and printing ----

    /** The line a wrong-shape error starts with, e.g. {@code Linear(in=784, out=10)}. */
    protected String describe() { return getClass().getSimpleName() + "()"; }

    /** Throws a clear error naming this layer, what it expected and the shape it got. */
    protected final IllegalArgumentException wrongShape(String expected, Tensor got) {
        return new IllegalArgumentException(describe() + ": expected input of shape " + expected
                + ", got " + Shape.str(got.shape()));
    }

    @Override
    public String toString() {
        if (children.isEmpty()) return describe();
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((name, child) -> s.append("  (").append(name).append("): ")
                .append(child.toString().replace("\n", "\n  ")).append('\n'));
        return s.append(')').toString();
    }
}
