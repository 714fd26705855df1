package dev.ember.examples.dcgan;

import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.BatchNorm2d;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.ConvTranspose2d;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.LeakyReLU;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Tanh;

/**
 * The two networks of PyTorch's {@code examples/dcgan} (Radford et al.) cut down to 28x28 grey images:
 * transposed convolutions with batch norm and ReLU up from a code, a tanh at the end; 4x4 stride-2 convolutions
 * with LeakyReLU(0.2) down to one logit. Neither layer before a batch norm has a bias, as in PyTorch's example.
 */
public final class DcganModels {
    /** The code's length, PyTorch's {@code nz}. */
    public static final int LATENT = 100;

    private DcganModels() {}

    /** Codes {@code [N, LATENT, 1, 1]} to images {@code [N, 1, 28, 28]} in (-1, 1): 1 -> 7 -> 14 -> 28 pixels. */
    public static Sequential generator(int width) {
        return new Sequential(
                new ConvTranspose2d(LATENT, 2 * width, 7, 1, 0, false), new BatchNorm2d(2 * width), new ReLU(),
                new ConvTranspose2d(2 * width, width, 4, 2, 1, false), new BatchNorm2d(width), new ReLU(),
                new ConvTranspose2d(width, 1, 4, 2, 1, false), new Tanh());
    }

    /** Images {@code [N, 1, 28, 28]} to logits {@code [N, 1]} that they are real: 28 -> 14 -> 7 -> 1 pixels. */
    public static Sequential discriminator(int width) {
        return new Sequential(
                new Conv2d(1, width, 4, 2, 1, false), new LeakyReLU(0.2),
                new Conv2d(width, 2 * width, 4, 2, 1, false), new BatchNorm2d(2 * width), new LeakyReLU(0.2),
                new Conv2d(2 * width, 1, 7, 1, 0, false), new Flatten());
    }

    /**
     * DCGAN's initialisation, PyTorch's {@code weights_init}, for {@code module.apply}: convolution weights from
     * N(0, 0.02), batch-norm scales from N(1, 0.02) and shifts zero.
     */
    public static void initWeights(Module m) {
        switch (m) {
            case Conv2d c -> Init.normalInPlace(c.weight(), 0, 0.02);
            case ConvTranspose2d c -> Init.normalInPlace(c.weight(), 0, 0.02);
            case BatchNorm2d b -> {
                Init.normalInPlace(b.weight(), 1, 0.02);
                Init.zerosInPlace(b.bias());
            }
            default -> {}
        }
    }
}
