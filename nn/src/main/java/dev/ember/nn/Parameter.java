package dev.ember.nn;

import dev.ember.Tensor;

/**
 * A module's trainable tensor, held in a slot so that {@link Module#to} can replace it with a copy on another
 * device while layers keep their reference to the slot. Layers read it with {@link #value()} in their forward.
 */
public final class Parameter {
    private final String name;
    private Tensor value;

    Parameter(String name, Tensor value) {
        this.name = name;
        set(value);
    }

    /** The name it was registered under in its own module (not the dotted path). */
    public String name() { return name; }

    /** The tensor, which requires grad unless its module was frozen ({@link Module#requiresGrad(boolean)}). */
    public Tensor value() { return value; }

    /** The gradient of the last backward, or null. */
    public Tensor grad() { return value.grad(); }

    void set(Tensor tensor) {
        if (!tensor.dtype().isFloating()) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a float tensor, got "
                    + tensor.dtype());
        }
        boolean frozen = value != null && !value.requiresGrad();   // Module.to keeps a frozen parameter frozen
        value = dev.ember.MemoryScope.unscoped(tensor.isLeaf() ? tensor : tensor.detach());
        value.requiresGrad(!frozen);
    }

    @Override
    public String toString() { return "Parameter(" + name + ", " + dev.ember.Shape.str(value.shape()) + ")"; }
}
