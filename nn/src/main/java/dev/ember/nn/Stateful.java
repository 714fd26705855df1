package dev.ember.nn;

import dev.ember.Tensor;

import java.util.Map;

/** Something a checkpoint saves and restores as named tensors: a module, an optimizer, a schedule. */
public interface Stateful {
    Map<String, Tensor> stateDict();

    /** Restores the state; checks it all before changing anything, and throws naming what does not match. */
    void loadStateDict(Map<String, Tensor> state);
}
