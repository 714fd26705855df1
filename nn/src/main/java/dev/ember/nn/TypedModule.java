package dev.ember.nn;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A module whose {@link #forward} takes an {@code I} and returns an {@code O}, for several inputs or outputs: a
 * record of tensors goes in or comes out, with names, and no dummy {@code forward(Tensor)} is needed. It holds
 * parameters, buffers and children as a {@link Module} does (same registration calls, same dotted
 * {@code state_dict} names), moves, saves and loads the same way, and nests: a typed module is a child of a
 * {@link Module} or of another typed module. Where an API takes a {@link Module} ({@code Checkpoint},
 * {@code Trainer}), pass {@link #asModule()}. A {@link Sequential} chains tensor-to-tensor modules only; it
 * holds a typed module's parts, not the typed module itself.
 *
 * <pre>{@code
 * final class Vae extends TypedModule<Tensor, Vae.Output> {
 *     record Output(Tensor reconstruction, Tensor mean, Tensor logVar) {}
 *     private final Linear hidden = child("hidden", new Linear(784, 400));
 *     private final Linear mean = child("mean", new Linear(400, 20));
 *     private final Linear logVar = child("logVar", new Linear(400, 20));
 *     private final Sequential decoder = child("decoder", new Sequential(new Linear(20, 784), new Sigmoid()));
 *
 *     public Output forward(Tensor x) {
 *         Tensor h = hidden.forward(x.flatten(1)).relu();
 *         Tensor mu = mean.forward(h), lv = logVar.forward(h);
 *         Tensor z = mu.add(Tensor.randnLike(mu).mul(lv.mul(0.5).exp()));
 *         return new Output(decoder.forward(z), mu, lv);
 *     }
 * }
 * Vae vae = new Vae().to(device);                  // no cast
 * Vae.Output out = vae.forward(images);            // out.reconstruction(), out.mean(), out.logVar()
 * }</pre>
 *
 * @param <I> what {@link #forward} takes: a tensor, or a record of several
 * @param <O> what {@link #forward} returns: a tensor, or a record of several
 */
public abstract class TypedModule<I, O> implements Stateful {
    private final Parts parts = new Parts(this);

    /** Runs the module. */
    public abstract O forward(I input);

    // ---- registration, for subclasses: as Module's ----

    protected final Parameter parameter(String name, Tensor initial) { return parts.parameter(name, initial); }

    protected final Buffer buffer(String name, Tensor initial) { return parts.buffer(name, initial); }

    protected final <M extends Module> M child(String name, M module) { return parts.child(name, module); }

    protected final <M extends TypedModule<?, ?>> M child(String name, M module) { return parts.child(name, module); }

    // ---- what it holds, mode, devices, saving: as Module's ----

    /**
     * This module's parameters, buffers and children as a {@link Module}: what APIs that take a {@code Module}
     * get (its {@code forward(Tensor)} throws). Changes through either are changes to both.
     */
    public Module asModule() { return parts; }

    public List<Tensor> parameters() { return parts.parameters(); }

    public Map<String, Tensor> namedParameters() { return parts.namedParameters(); }

    public Map<String, Tensor> namedBuffers() { return parts.namedBuffers(); }

    public long parameterCount() { return parts.parameterCount(); }

    @Override
    public Map<String, Tensor> stateDict() { return parts.stateDict(); }

    @Override
    public void loadStateDict(Map<String, Tensor> state) { parts.loadStateDict(state); }

    public StateDictMismatch loadStateDict(Map<String, Tensor> state, boolean strict) { return parts.loadStateDict(state, strict); }

    public <M extends TypedModule<?, ?>> M train() { return train(true); }

    public <M extends TypedModule<?, ?>> M eval() { return train(false); }

    public <M extends TypedModule<?, ?>> M train(boolean on) {
        parts.train(on);
        return self();
    }

    public boolean isTraining() { return parts.isTraining(); }

    public void zeroGrad() { parts.zeroGrad(); }

    /** As {@link Module#to(Device)}: returns this, typed as the variable it is assigned to. */
    public <M extends TypedModule<?, ?>> M to(Device device) {
        parts.to(device);
        return self();
    }

    public <M extends TypedModule<?, ?>> M to(DType dtype) {
        parts.to(dtype);
        return self();
    }

    /** As {@link Module#save}. */
    public void save(Path path) { parts.save(path); }

    /** As {@link Module#load}: returns this. */
    public <M extends TypedModule<?, ?>> M load(Path path) {
        parts.load(path);
        return self();
    }

    @SuppressWarnings("unchecked")
    private <M extends TypedModule<?, ?>> M self() { return (M) this; }

    /** The line a wrong-shape error starts with; as {@link Module}'s. */
    protected String describe() { return getClass().getSimpleName() + "()"; }

    @Override
    public String toString() { return parts.toString(); }

    /** The registry behind a typed module: a Module whose tensor forward refuses, naming the typed module. */
    private static final class Parts extends Module {
        private final TypedModule<?, ?> owner;

        Parts(TypedModule<?, ?> owner) { this.owner = owner; }

        @Override
        public Tensor forward(Tensor input) {
            throw new UnsupportedOperationException(owner.getClass().getSimpleName() + " is a TypedModule: call its own forward, "
                    + "not forward(Tensor) of its asModule() view");
        }

        @Override
        protected String describe() { return owner.describe(); }

        @Override
        public String toString() {
            String s = super.toString();
            return s.startsWith(Parts.class.getSimpleName()) ? owner.getClass().getSimpleName() + s.substring(Parts.class.getSimpleName().length()) : s;
        }
    }
}
