package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST MLP: 784 -> 256 -> ReLU -> 128 -> ReLU -> 10, on flattened {@code [batch, 784]} images.
 * The same network as {@code Mlp} in {@code benchmarks/pytorch/models.py}.
 */
public final class MlpModel implements Model {
    private final Linear fc1;
    private final Linear fc2;
    private final Linear fc3;

    public MlpModel(Generator g) {
        fc1 = new Linear(g, 784, 256);
        fc2 = new Linear(g, 256, 128);
        fc3 = new Linear(g, 128, 10);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor h = fc1.forward(input).relu();
        h = fc2.forward(h).relu();
        return fc3.forward(h);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(fc1.parameters());
        all.addAll(fc2.parameters());
        all.addAll(fc3.parameters());
        return all;
    }
}
