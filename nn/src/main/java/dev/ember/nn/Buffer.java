package dev.ember.nn;

import dev.ember.Tensor;

/**
 * A module's state that is saved with it but not trained (batch norm's running statistics), in a slot like
 * {@link Parameter}. Layers update it in place ({@code value().copyFrom(...)}) or with {@link #set}.
 */
public final class Buffer {
    private final String name;
    private Tensor value;

    Buffer(String name, Tensor value) {
        this.name = name;
        this.value = dev.ember.MemoryScope.unscoped(value);
    }

    public String name() { return name; }

    public Tensor value() { return value; }

    /** Replaces the tensor; it must keep the buffer's shape. */
    public void set(Tensor tensor) {
        if (!java.util.Arrays.equals(tensor.shape(), value.shape())) {
            throw new IllegalArgumentException("buffer '" + name + "' has shape " + dev.ember.Shape.str(value.shape())
                    + ", got " + dev.ember.Shape.str(tensor.shape()));
        }
        value = dev.ember.MemoryScope.unscoped(tensor.isLeaf() ? tensor : tensor.detach());
    }

    void replace(Tensor tensor) { value = dev.ember.MemoryScope.unscoped(tensor); }
}
