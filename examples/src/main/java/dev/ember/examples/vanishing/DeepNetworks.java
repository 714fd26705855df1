package dev.ember.examples.vanishing;

import dev.ember.Generator;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.init.Init;
import dev.ember.nn.init.Initializer;
import dev.ember.nn.layers.BatchNorm1d;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Residual;
import dev.ember.nn.layers.Sigmoid;

/**
 * The four deep classifiers of the vanishing-gradient story (seed 003: the sigmoid's slope is at most 1/4 and
 * nearly 0 away from the origin, so a gradient shrinks at every layer it crosses): the same stack of {@code depth}
 * hidden layers of {@code width} units, as a plain sigmoid network with PyTorch's default initialisation, and with
 * each of the three remedies: ReLU with He initialisation, batch norm before each sigmoid, and residual
 * connections {@code x + sigmoid(W x + b)} around each hidden layer after the first.
 */
final class DeepNetworks {
    private DeepNetworks() {}

    enum Kind {
        SIGMOID("sigmoid"), RELU_HE("relu + He init"), BATCH_NORM("sigmoid + batch norm"), RESIDUAL("sigmoid + residual");

        final String label;

        Kind(String label) { this.label = label; }
    }

    /** Images {@code [N, 1, 28, 28]} to 10 logits. */
    static Sequential build(Kind kind, int depth, int width, Generator generator) {
        if (depth < 2) throw new IllegalArgumentException("DeepNetworks: depth must be >= 2, got " + depth);
        Sequential net = new Sequential(new Flatten());
        for (int layer = 0; layer < depth; layer++) {
            Linear linear = linear(kind, layer == 0 ? 784 : width, width, generator);
            Module block = switch (kind) {
                case SIGMOID -> new Sequential(linear, new Sigmoid());
                case RELU_HE -> new Sequential(linear, new ReLU());
                case BATCH_NORM -> new Sequential(linear, new BatchNorm1d(width), new Sigmoid());
                case RESIDUAL -> layer == 0 ? new Sequential(linear, new Sigmoid()) : new Residual(new Sequential(linear, new Sigmoid()));
            };
            net.add(block);
        }
        return net.add(linear(kind, width, 10, generator));
    }

    private static Linear linear(Kind kind, int in, int out, Generator generator) {
        Initializer weight = kind == Kind.RELU_HE ? Init.kaimingNormal() : Init.pytorchDefault();
        Initializer bias = kind == Kind.RELU_HE ? Init.zeros() : Init.pytorchBias(in);
        return new Linear(in, out, weight, bias, generator);
    }
}
