package dev.ember.examples.regularization;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Charts;
import dev.ember.examples.Options;
import dev.ember.nn.Module;
import dev.ember.nn.data.Augmentation;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Regularisation side by side ({@link Regularizers}) on a training set small enough to overfit: the first
 * {@code --train} Fashion-MNIST training images, validated on {@code --validation} test images, each run with
 * Adam at 1e-3 from the same initial weights. Prints a table of the final accuracy on the (clean) training subset
 * and on the validation images, and writes {@code curves.png}: validation loss and accuracy by epoch.
 *
 * <pre>
 * --train N (default 1000)   --validation N (default 2000)   --epochs N (default 30)   --batch N (default 64)
 * --seed N (default 1)       --out DIR (default target/regularization)   --sample
 * </pre>
 */
public final class RegularizationComparison {
    private RegularizationComparison() {}

    /** One run's curves and final accuracies. */
    record Run(History history, double trainAccuracy, double validationAccuracy, int epochs, Module model) {}

    static Run run(Regularizers kind, TensorDataset train, TensorDataset validation, int epochs, int batch, long seed) {
        Tensor.manualSeed(seed);
        Generator generator = new Generator(seed);
        Module model = kind.model(generator);
        DataLoader.Builder loader = DataLoader.builder(train).batchSize(batch).shuffle(seed);
        Augmentation augmentation = kind.augmentation(new Generator(seed + 1));
        if (augmentation != null) loader.transform(augmentation);
        Trainer trainer = new Trainer(model, kind.loss(model, batch), new Adam(model.parameters(), 1e-3))
                .metric("accuracy", Metrics::accuracy);
        if (kind.earlyStopping() != null) trainer.earlyStopping(kind.earlyStopping());
        History h = trainer.fit(loader.build(), DataLoader.builder(validation).batchSize(1000).build(), epochs);
        return new Run(h, accuracy(model, train), accuracy(model, validation), h.epochs(), model);
    }

    /** Accuracy in eval mode on clean images. */
    static double accuracy(Module model, TensorDataset data) {
        try (var noGrad = Autograd.noGrad()) {
            model.eval();
            double a = Metrics.accuracy(model.forward(data.inputs()), data.targets());
            model.train();
            return a;
        }
    }

    static TensorDataset first(TensorDataset data, int n) {
        return new TensorDataset(data.inputs().narrow(0, 0, n), data.targets().narrow(0, 0, n));
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--train", "1000", "--validation", "2000", "--epochs", "30", "--batch", "64",
                "--seed", "1", "--out", "target/regularization", "--sample", "false"));
        FashionMnist data = o.flag("--sample") ? FashionMnist.loadSample() : FashionMnist.load();
        TensorDataset train = first(data.train(), o.integer("--train"));
        TensorDataset validation = first(data.test(), o.integer("--validation"));
        System.out.printf("Fashion-MNIST from %s: training on %d images, validating on %d%n", data.source(), train.size(), validation.size());
        Map<Regularizers, Run> runs = new EnumMap<>(Regularizers.class);
        for (Regularizers kind : Regularizers.values()) {
            long start = System.nanoTime();
            Run r = run(kind, train, validation, o.integer("--epochs"), o.integer("--batch"), o.longValue("--seed"));
            runs.put(kind, r);
            System.out.printf("%-15s done in %.1f s%n", kind.label, (System.nanoTime() - start) / 1e9);
        }

        System.out.printf("%n%-15s %8s %14s %10s %7s%n", "regulariser", "train", "validation", "gap", "epochs");
        runs.forEach((kind, r) -> System.out.printf("%-15s %8.3f %14.3f %10.3f %7d%n", kind.label, r.trainAccuracy(),
                r.validationAccuracy(), r.trainAccuracy() - r.validationAccuracy(), r.epochs()));

        List<Charts.Series> loss = new ArrayList<>();
        List<Charts.Series> accuracy = new ArrayList<>();
        runs.forEach((kind, r) -> {
            loss.add(Charts.Series.of(kind.label, r.history().get("val_loss")));
            accuracy.add(Charts.Series.of(kind.label, r.history().get("val_accuracy")));
        });
        Path png = o.path("--out").resolve("curves.png");
        Charts.save(png, new Charts.Panel("Validation loss (cross-entropy)", "epoch", "loss", false, loss),
                new Charts.Panel("Validation accuracy", "epoch", "accuracy", false, accuracy));
        System.out.println("Wrote " + png.toAbsolutePath());
    }
}
