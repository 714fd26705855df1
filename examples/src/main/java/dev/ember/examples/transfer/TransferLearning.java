package dev.ember.examples.transfer;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning in two phases. First a body (784 -> 256 -> 128, ReLU) and a head learn the ten Fashion-MNIST
 * classes on the training images but the last {@code --few}; the body alone is saved to {@code body.safetensors}.
 * Then a new task, with new labels and only those {@code --few} held-out images: the garment's group (tops:
 * T-shirt, pullover, coat, shirt; trousers and dresses; footwear: sandal, sneaker, ankle boot; bags). A new
 * network loads the body from the file, freezes it ({@code body.requiresGrad(false)}, PyTorch's
 * {@code requires_grad_(False)}; only the new head goes to the optimizer, Adam at 1e-2) and trains the head. The same few images train a whole
 * network from scratch (Adam at 1e-3) for comparison. Both are scored on the test set's groups.
 *
 * <pre>
 * --pretrain-epochs N (default 2)   --few N (default 100)   --epochs N (default 30)
 * --seed N (default 1)   --out DIR (default target/transfer)   --sample
 * </pre>
 */
public final class TransferLearning {
    static final int FEATURES = 128;
    /** A lone linear head on fixed features trains well at a rate ten times the whole network's 1e-3. */
    static final double HEAD_LR = 1e-2;

    private TransferLearning() {}

    static Sequential body(Generator g) {
        return new Sequential(new Flatten(), linear(784, 256, g), new ReLU(), linear(256, FEATURES, g), new ReLU());
    }

    static Linear head(int classes, Generator g) { return linear(FEATURES, classes, g); }

    /** Each class's group in the new task: 0 tops, 1 trousers and dresses, 2 footwear, 3 bags. */
    static final long[] GROUP = {0, 1, 0, 1, 0, 2, 0, 2, 3, 2};
    static final int GROUPS = 4;

    /** Images {@code from .. from+count} of {@code data}, with their class or (with {@code grouped}) their group. */
    static TensorDataset part(TensorDataset data, int from, int count, boolean grouped) {
        Tensor labels = data.targets().narrow(0, from, count);
        if (grouped) labels = Tensor.of(GROUP, GROUP.length).indexSelect(0, labels);
        return new TensorDataset(data.inputs().narrow(0, from, count), labels);
    }

    /** Trains {@code trainable} of {@code model} with Adam and returns the history (val_accuracy on {@code test}). */
    static History fit(Module model, List<Tensor> trainable, double lr, TensorDataset train, TensorDataset test, int epochs, long seed) {
        return new Trainer(model, new CrossEntropyLoss(), new Adam(trainable, lr))
                .metric("accuracy", Metrics::accuracy)
                .fit(DataLoader.builder(train).batchSize(64).shuffle(seed).build(), DataLoader.builder(test).batchSize(1000).build(), epochs);
    }

    /** Phase 1: body and head on the ten classes; saves the body to {@code file}. Returns the test accuracy. */
    static double pretrain(TensorDataset train, TensorDataset test, int epochs, long seed, Path file) {
        Generator g = new Generator(seed);
        Sequential body = body(g);
        Sequential model = new Sequential(body, head(10, g));
        History h = fit(model, model.parameters(), 1e-3, train, test, epochs, seed);
        body.save(file);
        return h.last("val_accuracy");
    }

    /** Phase 2: the saved body, frozen, under a new head; returns the model (body then head). */
    static Sequential fineTuneModel(Path bodyFile, long seed) {
        Generator g = new Generator(seed + 1);
        Sequential body = body(g).load(bodyFile);
        body.requiresGrad(false);   // frozen: backward computes no gradient for it
        return new Sequential(body, head(GROUPS, g));
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--pretrain-epochs", "2", "--few", "100", "--epochs", "30", "--seed", "1",
                "--out", "target/transfer", "--sample", "false"));
        FashionMnist data = o.flag("--sample") ? FashionMnist.loadSample() : FashionMnist.load();
        long seed = o.longValue("--seed");
        Tensor.manualSeed(seed);
        Path bodyFile = o.path("--out").resolve("body.safetensors");
        try {
            java.nio.file.Files.createDirectories(bodyFile.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int n = data.train().size();
        int fewCount = o.integer("--few");
        TensorDataset pretrainSet = part(data.train(), 0, n - fewCount, false);
        System.out.printf("Phase 1: body and head on the ten classes, %d images from %s%n", pretrainSet.size(), data.source());
        double before = pretrain(pretrainSet, data.test(), o.integer("--pretrain-epochs"), seed, bodyFile);
        System.out.printf("  test accuracy %.3f; body saved to %s%n", before, bodyFile.toAbsolutePath());

        TensorDataset few = part(data.train(), n - fewCount, fewCount, true);
        TensorDataset newTest = part(data.test(), 0, data.test().size(), true);
        int epochs = o.integer("--epochs");
        Sequential transfer = fineTuneModel(bodyFile, seed);
        Module head = transfer.get(1);
        System.out.printf("Phase 2: the saved body, frozen (%d tensors without gradients), and a new head (%d parameters) on the %d held-out images, labelled by group%n",
                transfer.get(0).parameters().size(), head.parameterCount(), few.size());
        double transferred = fit(transfer, head.parameters(), HEAD_LR, few, newTest, epochs, seed).last("val_accuracy");
        Generator g = new Generator(seed + 2);
        Sequential scratch = new Sequential(body(g), head(GROUPS, g));
        double fromScratch = fit(scratch, scratch.parameters(), 1e-3, few, newTest, epochs, seed).last("val_accuracy");
        System.out.printf("Test accuracy on the four groups after %d epochs: frozen pretrained body + new head %.3f, the whole network from scratch %.3f%n",
                epochs, transferred, fromScratch);
    }

    private static Linear linear(int in, int out, Generator g) {
        return new Linear(in, out, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(in), g);
    }
}
