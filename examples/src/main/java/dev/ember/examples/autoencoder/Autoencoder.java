package dev.ember.examples.autoencoder;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Sigmoid;

/**
 * A fully connected autoencoder: 784 -> 256 -> {@code code} (the bottleneck) -> 256 -> 784 through a sigmoid, so
 * the reconstruction is an image in (0, 1) of the input's shape {@code [N, 1, 28, 28]}.
 */
public final class Autoencoder extends Module {
    private final Sequential encoder;
    private final Sequential decoder;

    public Autoencoder(int code) {
        encoder = child("encoder", new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, code)));
        decoder = child("decoder", new Sequential(new Linear(code, 256), new ReLU(), new Linear(256, 784), new Sigmoid()));
    }

    @Override
    public Tensor forward(Tensor images) { return decode(encode(images)).reshape(images.shape()); }

    /** Images to codes {@code [N, code]}. */
    public Tensor encode(Tensor images) { return encoder.forward(images); }

    /** Codes to flat images {@code [N, 784]}. */
    public Tensor decode(Tensor codes) { return decoder.forward(codes); }
}
