package dev.ember.nn;

import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another; children are named {@code "0"}, {@code "1"}, ... as in PyTorch, so
 * state-dict keys read {@code "2.weight"}.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a module; returns this. */
    public Sequential add(Module module) {
        layers.add(child(Integer.toString(layers.size()), module));
        return this;
    }

    public Module get(int index) { return layers.get(index); }

    public int size() { return layers.size(); }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }
}
