package dev.ember.nn.layers;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.Arrays;

/**
 * A skip connection around any module: {@code y = x + body(x)}, or {@code y = shortcut(x) + body(x)} with a
 * projection shortcut when the body changes the shape. Children are named {@code body} and {@code shortcut}.
 *
 * <pre>{@code
 * Residual block = new Residual(new Sequential(new Linear(64, 64), new ReLU(), new Linear(64, 64)));
 * Residual widen = new Residual(new Linear(64, 128), new Linear(64, 128, false));
 * }</pre>
 */
public final class Residual extends Module {
    private final Module body;
    private final Module shortcut;

    /** The identity shortcut: {@code body} must keep the input's shape. */
    public Residual(Module body) { this(body, null); }

    /** {@code shortcut} null: the identity. */
    public Residual(Module body, Module shortcut) {
        if (body == null) throw new IllegalArgumentException("Residual needs a body module");
        this.body = child("body", body);
        this.shortcut = shortcut == null ? null : child("shortcut", shortcut);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor f = body.forward(x);
        Tensor skip = shortcut == null ? x : shortcut.forward(x);
        if (!Arrays.equals(f.shape(), skip.shape())) {
            throw new IllegalArgumentException(describe() + ": the body gives " + Shape.str(f.shape()) + " but the "
                    + (shortcut == null ? "identity shortcut" : "shortcut") + " gives " + Shape.str(skip.shape())
                    + " for input " + Shape.str(x.shape()) + (shortcut == null ? "; add a projection shortcut" : ""));
        }
        return skip.add(f);
    }

    public Module body() { return body; }

    /** Null for the identity shortcut. */
    public Module shortcut() { return shortcut; }

    @Override
    protected String describe() { return shortcut == null ? "Residual(identity)" : "Residual(projection)"; }
}
