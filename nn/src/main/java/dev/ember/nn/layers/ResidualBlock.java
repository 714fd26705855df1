package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.init.Init;
import dev.ember.nn.Sequential;

/**
 * ResNet's basic block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))} with 3x3 convolutions
 * (the first one strided). The shortcut is {@code x} itself, or a strided 1x1 convolution and batch norm
 * ({@code downsample}) when the stride or the channel count changes. Names and state-dict keys are those of
 * torchvision's {@code BasicBlock} ({@code conv1.weight}, {@code bn1.running_mean}, {@code downsample.0.weight}, ...).
 *
 * <pre>{@code
 * Sequential stage = new Sequential(new ResidualBlock(32, 64, 2), new ResidualBlock(64, 64, 1));
 * Tensor y = stage.forward(x);   // [N, 32, 28, 28] -> [N, 64, 14, 14]
 * }</pre>
 */
public final class ResidualBlock extends Module {
    private final int in;
    private final int out;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    public ResidualBlock(int inChannels, int outChannels, int stride) {
        this(inChannels, outChannels, stride, Generator.defaultGenerator());
    }

    public ResidualBlock(int inChannels, int outChannels, int stride, Generator generator) {
        if (inChannels <= 0 || outChannels <= 0 || stride <= 0) {
            throw new IllegalArgumentException("ResidualBlock needs positive sizes and stride, got inChannels=" + inChannels
                    + ", outChannels=" + outChannels + ", stride=" + stride);
        }
        this.in = inChannels;
        this.out = outChannels;
        this.stride = stride;
        conv1 = child("conv1", conv(inChannels, outChannels, 3, stride, 1, generator));
        bn1 = child("bn1", new BatchNorm2d(outChannels));
        conv2 = child("conv2", conv(outChannels, outChannels, 3, 1, 1, generator));
        bn2 = child("bn2", new BatchNorm2d(outChannels));
        downsample = stride != 1 || inChannels != outChannels
                ? child("downsample", new Sequential(conv(inChannels, outChannels, 1, stride, 0, generator), new BatchNorm2d(outChannels)))
                : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != in) throw wrongShape("[N, " + in + ", H, W]", x);
        Tensor h = bn1.forward(conv1.forward(x)).relu();
        h = bn2.forward(conv2.forward(h));
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return h.add(shortcut).relu();
    }

    /** Whether the shortcut is a projection (1x1 convolution and batch norm) rather than the identity. */
    public boolean hasProjection() { return downsample != null; }

    @Override
    protected String describe() { return "ResidualBlock(" + in + ", " + out + ", stride=" + stride + ")"; }

    /** A bias-free convolution, as in PyTorch's {@code BasicBlock}. */
    private static Conv2d conv(int in, int out, int kernel, int stride, int padding, Generator generator) {
        return new Conv2d(in, out, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1, Init.pytorchDefault(), null, generator);
    }
}
