package dev.ember.benchmarks.training;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.Dataset;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.Subset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Trains {@link BenchmarkModels#cnn} for one epoch on Fashion-MNIST (Adam, lr 1e-3, shuffled by a
 * {@link DataLoader} seeded with {@code --seed}) and measures the test accuracy, as
 * {@code benchmarks/pytorch/fashion_mnist_epoch.py} does for PyTorch. Pixels are scaled to [0, 1]
 * ({@link FashionMnist}); the last batch may be smaller. Only the training loop is timed (the loader assembles
 * each batch inside it); loading the files and testing are not. {@code --images N} trains on the first N
 * images, shuffled. Prints one JSON object; {@code benchmarks/side-by-side.sh --epoch} runs it.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xss8m -Dember.threads=2 -cp benchmarks/target/ember-benchmarks.jar \
 *     dev.ember.benchmarks.training.FashionMnistEpoch [--data DIR] [--batch 64] [--images N] [--seed 42]
 * </pre>
 */
public final class FashionMnistEpoch {
    private static final int TEST_BATCH = 1000;

    public static void main(String[] args) throws IOException {
        Path data = Path.of(FashionMnist.DEBIAN_DIR);
        int batch = 64;
        int limit = Integer.MAX_VALUE;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--images" -> limit = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --data DIR, --batch N, --images N, --seed N");
            }
        }
        Path trainImages = data.resolve("train-images-idx3-ubyte.gz");
        if (!Files.exists(trainImages)) {
            throw new IOException(trainImages + " not found: install the Debian package dataset-fashion-mnist, or pass --data DIR");
        }
        FashionMnist fashionMnist = FashionMnist.load(data);
        Dataset train = fashionMnist.train();
        if (limit < train.size()) train = new Subset(train, IntStream.range(0, limit).toArray());
        DataLoader loader = DataLoader.builder(train).batchSize(batch).shuffle(seed).build();

        Module model = BenchmarkModels.cnn(new Generator(seed));
        TrainingStep step = new TrainingStep(model);

        long start = System.nanoTime();
        double lossSum = 0;
        int batches = 0;
        Iterator<Batch> epoch = loader.iterator();
        while (epoch.hasNext()) {
            try (MemoryScope scope = MemoryScope.open()) {
                Batch b = epoch.next();
                lossSum += step.run(b.inputs(), b.targets());
                batches++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Dataset test = fashionMnist.test();
        double accuracy = accuracy(model, test);
        System.out.println(String.format(Locale.ROOT,
                "{\"engine\": \"ember\", \"threads\": %s, \"batch\": %d, \"train_images\": %d, \"seconds\": %.3f, "
                        + "\"mean_loss\": %.5f, \"test_images\": %d, \"test_accuracy\": %.4f}",
                System.getProperty("ember.threads", "\"default\""), batch, train.size(), seconds, lossSum / batches,
                test.size(), accuracy));
    }

    private static double accuracy(Module model, Dataset test) {
        model.eval();
        long correct = 0;
        Iterator<Batch> batches = new DataLoader(test, TEST_BATCH).iterator();
        try (var noGrad = Autograd.noGrad()) {
            while (batches.hasNext()) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch b = batches.next();
                    Tensor predicted = model.forward(b.inputs()).argmax(1, false);
                    correct += (long) predicted.eq(b.targets()).to(DType.INT64).sum().item();
                }
            }
        }
        return (double) correct / test.size();
    }
}
