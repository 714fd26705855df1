package dev.ember.examples.text;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * A character-level language model: {@code forward(ids)} takes token ids {@code [B, T]} (int64) and returns the
 * logits of the next token at every position, {@code [B, T, V]}, each position seeing only itself and what came
 * before. Every model of {@link CharModels} is one, so training, evaluation and generation work on any of them.
 */
public abstract class CharModel extends Module {
    /** The longest window it takes (a Transformer's positions); generation keeps the last this-many tokens. */
    public abstract int contextLength();
}
