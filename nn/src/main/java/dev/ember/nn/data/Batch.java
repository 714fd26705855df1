package dev.ember.nn.data;

import dev.ember.Tensor;

/** A mini-batch: inputs {@code [n, ...]} and targets {@code [n, ...]} (class indices or values). */
public record Batch(Tensor inputs, Tensor targets) {
    public int size() { return inputs.size(0); }
}
