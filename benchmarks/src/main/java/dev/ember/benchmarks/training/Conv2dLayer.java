package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.Tensor;

import java.util.List;

/**
 * A square {@code k x k} convolution with stride 1 and bias; weight {@code [out, in, k, k]} and bias drawn
 * uniformly from {@code +-1/sqrt(in k k)}, as PyTorch's {@code nn.Conv2d} does.
 */
final class Conv2dLayer {
    final Tensor weight;
    final Tensor bias;
    private final int padding;

    Conv2dLayer(Generator g, int in, int out, int kernel, int padding) {
        double bound = 1 / Math.sqrt(in * kernel * kernel);
        weight = g.uniform(-bound, bound, out, in, kernel, kernel).requiresGrad(true);
        bias = g.uniform(-bound, bound, out).requiresGrad(true);
        this.padding = padding;
    }

    Tensor forward(Tensor x) {
        return x.conv2d(weight, bias, 1, padding);
    }

    List<Tensor> parameters() {
        return List.of(weight, bias);
    }
}
