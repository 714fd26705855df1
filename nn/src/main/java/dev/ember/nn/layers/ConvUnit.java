package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.init.Init;

/**
 * A bias-free square 2-D convolution holding its own {@code weight [out, in, k, k]} (PyTorch's default init),
 * so that {@link ResidualBlock}'s state-dict keys read {@code conv1.weight} as in PyTorch's {@code BasicBlock}.
 * Kept package-private and minimal: the public {@code Conv2d} layer lives elsewhere.
 */
final class ConvUnit extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;

    ConvUnit(int in, int out, int kernel, int stride, int padding, Generator generator) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = parameter("weight", Init.create(Init.pytorchDefault(), generator, out, in, kernel, kernel));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != in) throw wrongShape("[N, " + in + ", H, W]", x);
        return x.conv2d(weight.value(), null, stride, padding);
    }

    @Override
    protected String describe() {
        return "Conv2d(" + in + ", " + out + ", kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ", bias=false)";
    }
}
