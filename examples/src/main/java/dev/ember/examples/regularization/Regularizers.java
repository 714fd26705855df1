package dev.ember.examples.regularization;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Augmentation;
import dev.ember.nn.data.RandomFlip;
import dev.ember.nn.data.RandomTranslation;
import dev.ember.nn.layers.Dropout;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.loss.Loss;
import dev.ember.nn.optim.Regularization;
import dev.ember.nn.train.EarlyStopping;

import java.util.ArrayList;
import java.util.List;

/**
 * The six ways of training compared side by side (seed 003, "Regularization"; seed 000 §2.6): the same
 * 784 -> 256 -> 256 -> 10 network with nothing, an L2 or L1 penalty on the weights (seed 000's
 * {@code λ/(2m) Σ‖W‖}, {@link Regularization}), dropout after each hidden layer, early stopping on the
 * validation loss with the best weights restored, or augmented training images (shifts of up to 2 pixels and
 * horizontal flips).
 */
enum Regularizers {
    NONE("none"), L2("L2"), L1("L1"), DROPOUT("dropout"), EARLY_STOPPING("early stopping"), AUGMENTATION("augmentation");

    static final double L2_LAMBDA = 1e-3;
    static final double L1_LAMBDA = 1e-4;
    static final double DROPOUT_P = 0.5;
    static final int PATIENCE = 5;

    final String label;

    Regularizers(String label) { this.label = label; }

    Module model(Generator generator) {
        boolean drop = this == DROPOUT;
        Sequential net = new Sequential(new Flatten(), linear(784, 256, generator), new ReLU());
        if (drop) net.add(new Dropout(DROPOUT_P, generator));
        net.add(linear(256, 256, generator)).add(new ReLU());
        if (drop) net.add(new Dropout(DROPOUT_P, generator));
        return net.add(linear(256, 10, generator));
    }

    /**
     * Cross-entropy, plus the penalty for L1 and L2 while training; validation reports the cross-entropy alone,
     * so the curves compare like with like.
     */
    Loss loss(Module model, int batchSize) {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        if (this != L1 && this != L2) return ce;
        List<Tensor> weights = new ArrayList<>();
        model.namedParameters().forEach((name, p) -> { if (p.rank() == 2) weights.add(p); });   // weights, not biases
        return (prediction, target) -> {
            Tensor data = ce.apply(prediction, target);
            if (!model.isTraining()) return data;
            Tensor penalty = this == L2 ? Regularization.l2(weights, L2_LAMBDA * batchSize, batchSize)
                    : Regularization.l1(weights, L1_LAMBDA * batchSize, batchSize);
            return data.add(penalty);
        };
    }

    /** The early-stopping rule, or null. */
    EarlyStopping earlyStopping() { return this == EARLY_STOPPING ? EarlyStopping.onValidationLoss(PATIENCE) : null; }

    /** The training images' augmentation, or null. */
    Augmentation augmentation(Generator generator) {
        return this == AUGMENTATION ? Augmentation.compose(new RandomTranslation(2, 2, generator), RandomFlip.horizontal(0.5, generator)) : null;
    }

    private static Linear linear(int in, int out, Generator generator) {
        return new Linear(in, out, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(in), generator);
    }
}
