package dev.ember.examples.mnist;

import dev.ember.Device;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.Dataset;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.Normalize;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Dropout;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.LogSoftmax;
import dev.ember.nn.layers.MaxPool2d;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.NLLLoss;
import dev.ember.nn.optim.Adadelta;
import dev.ember.nn.optim.schedule.StepLR;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.ProgressBar;
import dev.ember.nn.train.Trainer;

import java.nio.file.Path;

/**
 * PyTorch's {@code examples/mnist} on Fashion-MNIST (the full set where Debian's package is installed, else the
 * shipped sample): two 3x3 convolutions, a max pool and two dense layers with dropout, log-softmax and the
 * negative log-likelihood, Adadelta at lr 1 with the rate times 0.7 after every epoch, batches of 64, tested in
 * batches of 1000. Prints each epoch's losses and accuracies and saves {@code mnist_cnn.safetensors}.
 *
 * <pre>
 * --epochs N (default 14)   --batch N (default 64)   --test-batch N (default 1000)   --lr X (default 1.0)
 * --gamma X (default 0.7)   --seed N (default 1)     --out DIR (default target/mnist-cnn)
 * --sample (the shipped sample even where the full set is installed)
 * --device cpu|cuda|cuda:N (default: the GPU when Ember's CUDA backend loads, else the CPU)
 * </pre>
 */
public final class MnistCnn {
    /** Fashion-MNIST's training mean and standard deviation (PyTorch's example uses MNIST's 0.1307, 0.3081). */
    public static final Normalize NORMALIZE = new Normalize(0.2860, 0.3530);

    private MnistCnn() {}

    /** PyTorch's example's {@code Net}: {@code [N, 1, 28, 28]} images to log-probabilities {@code [N, 10]}. */
    public static Sequential model() {
        return new Sequential(
                new Conv2d(1, 32, 3), new ReLU(),
                new Conv2d(32, 64, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Flatten(), new Linear(64 * 12 * 12, 128), new ReLU(), new Dropout(0.5),
                new Linear(128, 10), new LogSoftmax(1));
    }

    /** The example's training setup: NLL loss, Adadelta at {@code lr}, StepLR(1, {@code gamma}), accuracy recorded. */
    public static Trainer trainer(Sequential model, double lr, double gamma) {
        Adadelta adadelta = Adadelta.builder(model.parameters()).lr(lr).build();
        return new Trainer(model, new NLLLoss(), adadelta)
                .schedule(new StepLR(adadelta, 1, gamma))
                .metric("accuracy", Metrics::accuracy);
    }

    /** Batches of {@code batch} normalised images, shuffled each epoch from {@code seed} when {@code shuffle}. */
    public static DataLoader loader(Dataset images, int batch, boolean shuffle, long seed) {
        DataLoader.Builder b = DataLoader.builder(images).batchSize(batch).transform(NORMALIZE);
        return (shuffle ? b.shuffle(seed) : b).build();
    }

    public static void main(String[] args) {
        Settings o = Settings.parse(args);
        FashionMnist data = o.sample ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s%s: %d training and %d test images%n", data.source(),
                data.isSample() ? " (the shipped sample)" : "", data.train().size(), data.test().size());
        Tensor.manualSeed(o.seed);
        Sequential model = model().to(Device.defaultDevice());
        System.out.printf("%,d parameters on %s%n", model.parameterCount(), model.parameters().get(0).device());
        Trainer trainer = trainer(model, o.lr, o.gamma).progress(ProgressBar.auto());
        History history = trainer.fit(loader(data.train(), o.batch, true, o.seed), loader(data.test(), o.testBatch, false, 0), o.epochs);
        Path weights = o.out.resolve("mnist_cnn.safetensors");
        model.save(weights);
        System.out.printf("Test accuracy %.4f, test loss %.4f after %d epochs; %.1f s per epoch (median); wrote %s%n",
                history.last("val_accuracy"), history.last("val_loss"), history.epochs(),
                trainer.trainingSeconds().stream().sorted().toList().get((history.epochs() - 1) / 2), weights.toAbsolutePath());
    }

    private record Settings(int epochs, int batch, int testBatch, double lr, double gamma, long seed, Path out, boolean sample) {
        static Settings parse(String[] raw) {
            Options o = Options.parse(raw, "--epochs", "14", "--batch", "64", "--test-batch", "1000", "--lr", "1.0", "--gamma", "0.7",
                    "--seed", "1", "--out", "target/mnist-cnn", "--sample", "false");
            return new Settings(o.integer("--epochs"), o.integer("--batch"), o.integer("--test-batch"), o.real("--lr"), o.real("--gamma"),
                    o.longValue("--seed"), o.path("--out"), o.flag("--sample"));
        }
    }
}
