package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST CNN on {@code [batch, 1, 28, 28]} images: conv 1->32 3x3 pad 1, ReLU, max-pool 2;
 * conv 32->64 3x3 pad 1, ReLU, max-pool 2; flatten to 3136; linear 3136->128, ReLU; linear 128->10.
 * The same network as {@code Cnn} in {@code benchmarks/pytorch/models.py}.
 */
public final class CnnModel implements Model {
    private final Conv2dLayer conv1;
    private final Conv2dLayer conv2;
    private final Linear fc1;
    private final Linear fc2;

    public CnnModel(Generator g) {
        conv1 = new Conv2dLayer(g, 1, 32, 3, 1);
        conv2 = new Conv2dLayer(g, 32, 64, 3, 1);
        fc1 = new Linear(g, 64 * 7 * 7, 128);
        fc2 = new Linear(g, 128, 10);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor h = conv1.forward(input).relu().maxPool2d(2, 2, 0);
        h = conv2.forward(h).relu().maxPool2d(2, 2, 0);
        h = h.reshape(h.size(0), 64 * 7 * 7);
        h = fc1.forward(h).relu();
        return fc2.forward(h);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(conv1.parameters());
        all.addAll(conv2.parameters());
        all.addAll(fc1.parameters());
        all.addAll(fc2.parameters());
        return all;
    }
}
