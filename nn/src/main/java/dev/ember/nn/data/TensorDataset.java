package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.Arrays;

/**
 * A dataset held in two tensors: inputs {@code [N, ...]} and targets {@code [N, ...]}, example {@code i} being row
 * {@code i} of each. A batch is one {@code indexSelect} along dim 0 per tensor, on whatever device they live.
 *
 * <pre>{@code
 * Dataset train = new TensorDataset(images, labels);          // [60000, 1, 28, 28], [60000]
 * Batch b = train.batch(new int[] {0, 5, 7});                  // inputs [3, 1, 28, 28], targets [3]
 * }</pre>
 */
public final class TensorDataset implements Dataset {
    private final Tensor inputs;
    private final Tensor targets;

    public TensorDataset(Tensor inputs, Tensor targets) {
        if (inputs.rank() < 1 || targets.rank() < 1 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs and targets need the same first dim [N, ...], got inputs "
                    + Arrays.toString(inputs.shape()) + " and targets " + Arrays.toString(targets.shape()));
        }
        if (!inputs.device().equals(targets.device())) {
            throw new IllegalArgumentException("TensorDataset: inputs are on " + inputs.device() + " but targets on " + targets.device());
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    @Override
    public int size() { return inputs.size(0); }

    @Override
    public Batch batch(int[] indices) {
        Tensor index = Tensor.of(indices, indices.length);
        if (!index.device().equals(inputs.device())) index = index.to(inputs.device());
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }

    /** All inputs, {@code [N, ...]}. */
    public Tensor inputs() { return inputs; }

    /** All targets, {@code [N, ...]}. */
    public Tensor targets() { return targets; }
}
