package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.nn.Sequential;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Dropout;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.LogSoftmax;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;

/**
 * The Fashion-MNIST networks of the training benchmarks, the same layers as {@code Mlp} and {@code Cnn} in
 * {@code benchmarks/pytorch/models.py}, initialised as PyTorch does (weights and biases uniform on
 * {@code +-1/sqrt(fanIn)}) from the given generator, so a seed gives the same model every run.
 *
 * <pre>{@code
 * Sequential cnn = BenchmarkModels.cnn(new Generator(42));
 * Tensor logits = cnn.forward(images);                 // [N, 1, 28, 28] -> [N, 10]
 * }</pre>
 */
public final class BenchmarkModels {
    private BenchmarkModels() {}

    /** 784 -> 256 -> ReLU -> 128 -> ReLU -> 10, on flattened {@code [batch, 784]} images. */
    public static Sequential mlp(Generator g) {
        return new Sequential(
                linear(784, 256, g), new ReLU(),
                linear(256, 128, g), new ReLU(),
                linear(128, 10, g));
    }

    /**
     * On {@code [batch, 1, 28, 28]} images: conv 1->32 3x3 pad 1, ReLU, max-pool 2; conv 32->64 3x3 pad 1, ReLU,
     * max-pool 2; flatten to 3136; linear 3136->128, ReLU; linear 128->10. No dropout.
     */
    public static Sequential cnn(Generator g) {
        return new Sequential(
                conv3x3(1, 32, g), new ReLU(), new MaxPool2d(2),
                conv3x3(32, 64, g), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                linear(64 * 7 * 7, 128, g), new ReLU(),
                linear(128, 10, g));
    }

    /**
     * The examples' {@code mnist.MnistCnn} (PyTorch's {@code examples/mnist}) on {@code [batch, 1, 28, 28]}: conv
     * 1->32 3x3, ReLU; conv 32->64 3x3, ReLU, max-pool 2, dropout 0.25; flatten to 9216; linear 9216->128, ReLU,
     * dropout 0.5; linear 128->10, log-softmax. The dropout masks come from {@code g} too.
     */
    public static Sequential mnistCnn(Generator g) {
        int[] one = {1, 1}, none = {0, 0};
        return new Sequential(
                new Conv2d(1, 32, new int[] {3, 3}, one, none, one, 1, Init.pytorchDefault(), Init.pytorchBias(9), g), new ReLU(),
                new Conv2d(32, 64, new int[] {3, 3}, one, none, one, 1, Init.pytorchDefault(), Init.pytorchBias(32 * 9), g), new ReLU(),
                new MaxPool2d(2), new Dropout(0.25, g),
                new Flatten(),
                linear(64 * 12 * 12, 128, g), new ReLU(), new Dropout(0.5, g),
                linear(128, 10, g), new LogSoftmax(1));
    }

    private static Linear linear(int in, int out, Generator g) {
        return new Linear(in, out, Init.pytorchDefault(), Init.pytorchBias(in), g);
    }

    /** Stride 1, padding 1 ('same' size), with bias. */
    private static Conv2d conv3x3(int in, int out, Generator g) {
        int[] one = {1, 1};
        return new Conv2d(in, out, new int[] {3, 3}, one, one, one, 1,
                Init.pytorchDefault(), Init.pytorchBias(in * 3 * 3), g);
    }
}
