package dev.ember.examples.fashion;

import dev.ember.nn.Sequential;
import dev.ember.nn.layers.BatchNorm1d;
import dev.ember.nn.layers.BatchNorm2d;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Dropout;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;

import java.util.List;
import java.util.function.Supplier;

/**
 * The three Fashion-MNIST networks of the end-to-end runs, layer for layer the models of
 * {@code benchmarks/pytorch/fashion_mnist_train.py}, so both engines train the same thing.
 */
public enum FashionMnistModels {
    /** 784-256-128-10 with ReLU (the package's published "MLP 256-128-100": 88.3%). */
    MLP("mlp", FashionMnistModels::mlp),
    /** Two conv+pool blocks and a dense head (published "2 Conv+pooling": 91.6%). */
    CNN("cnn", FashionMnistModels::cnn),
    /** The CNN with batch norm after each conv and the hidden dense layer (published "2 Conv+pooling+BN": 93.4%). */
    CNN_BN("cnn-bn", FashionMnistModels::cnnBatchNorm);

    private final String id;
    private final Supplier<Sequential> factory;

    FashionMnistModels(String id, Supplier<Sequential> factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() { return id; }

    public Sequential create() { return factory.get(); }

    public static FashionMnistModels byId(String id) {
        for (FashionMnistModels m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("unknown model '" + id + "'; choose one of "
                + List.of(values()).stream().map(FashionMnistModels::id).toList());
    }

    static Sequential mlp() {
        return new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
                new Linear(128, 10));
    }

    static Sequential cnn() {
        return new Sequential(
                new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3), new Linear(128, 10));
    }

    static Sequential cnnBatchNorm() {
        return new Sequential(
                new Conv2d(1, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128), new BatchNorm1d(128), new ReLU(), new Dropout(0.3),
                new Linear(128, 10));
    }
}
