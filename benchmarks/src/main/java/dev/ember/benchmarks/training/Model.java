package dev.ember.benchmarks.training;

import dev.ember.Tensor;

import java.util.List;

/** A network written with tensor ops: a forward pass and the leaves it trains. */
public interface Model {
    /** Logits {@code [batch, classes]} for a batch of inputs. */
    Tensor forward(Tensor input);

    /** The tensors that require grad, in a fixed order (the optimizer keeps its state in the same order). */
    List<Tensor> parameters();
}
