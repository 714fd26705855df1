package dev.ember.benchmarks.training;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the {@link CnnModel} for one epoch on Fashion-MNIST (Adam, lr 1e-3, shuffled with a fixed seed) and
 * measures the test accuracy, as {@code benchmarks/pytorch/fashion_mnist_epoch.py} does for PyTorch. Pixels are
 * scaled to [0, 1]; the last batch may be smaller. Only the training loop is timed (batches are assembled on the
 * host inside it, as a data loader would); loading the files and testing are not.
 * Prints one JSON object; {@code benchmarks/side-by-side.sh --epoch} runs it.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xss8m -Dember.threads=2 -cp benchmarks/target/ember-benchmarks.jar \
 *     dev.ember.benchmarks.training.FashionMnistEpoch [--data DIR] [--batch 64] [--images N] [--seed 42]
 * </pre>
 */
public final class FashionMnistEpoch {
    private static final int TEST_BATCH = 1000;

    public static void main(String[] args) throws IOException {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
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
        IdxFile trainImages = read(data, "train-images-idx3-ubyte.gz");
        IdxFile trainLabels = read(data, "train-labels-idx1-ubyte.gz");
        IdxFile testImages = read(data, "t10k-images-idx3-ubyte.gz");
        IdxFile testLabels = read(data, "t10k-labels-idx1-ubyte.gz");
        int trainCount = Math.min(limit, trainImages.items());

        Model model = new CnnModel(new Generator(seed));
        TrainingStep step = new TrainingStep(model);
        int[] order = shuffled(trainCount, seed);

        long start = System.nanoTime();
        double lossSum = 0;
        int batches = 0;
        for (int first = 0; first < trainCount; first += batch) {
            int size = Math.min(batch, trainCount - first);
            try (MemoryScope scope = MemoryScope.open()) {
                int[] picked = Arrays.copyOfRange(order, first, first + size);
                lossSum += step.run(images(trainImages, picked), labels(trainLabels, picked));
                batches++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        double accuracy = accuracy(model, testImages, testLabels);
        System.out.println(String.format(Locale.ROOT,
                "{\"engine\": \"ember\", \"threads\": %s, \"batch\": %d, \"train_images\": %d, \"seconds\": %.3f, "
                        + "\"mean_loss\": %.5f, \"test_images\": %d, \"test_accuracy\": %.4f}",
                System.getProperty("ember.threads", "\"default\""), batch, trainCount, seconds, lossSum / batches,
                testImages.items(), accuracy));
    }

    private static IdxFile read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            throw new IOException(file + " not found: install the Debian package dataset-fashion-mnist, or pass --data DIR");
        }
        return IdxFile.read(file);
    }

    private static int[] shuffled(int count, long seed) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Random random = new Random(seed);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The picked images as {@code [picked, 1, 28, 28]} float32 in [0, 1]. */
    private static Tensor images(IdxFile file, int[] picked) {
        int itemSize = file.itemSize();
        float[] out = new float[picked.length * itemSize];
        byte[] values = file.values();
        for (int i = 0; i < picked.length; i++) {
            int from = picked[i] * itemSize;
            for (int k = 0; k < itemSize; k++) out[i * itemSize + k] = (values[from + k] & 0xff) / 255f;
        }
        return Tensor.of(out, picked.length, 1, file.shape()[1], file.shape()[2]);
    }

    /** The picked labels as int64 {@code [picked]}. */
    private static Tensor labels(IdxFile file, int[] picked) {
        long[] out = new long[picked.length];
        for (int i = 0; i < picked.length; i++) out[i] = file.values()[picked[i]] & 0xff;
        return Tensor.of(out, picked.length);
    }

    private static double accuracy(Model model, IdxFile images, IdxFile labels) {
        int correct = 0;
        try (var noGrad = Autograd.noGrad()) {
            for (int first = 0; first < images.items(); first += TEST_BATCH) {
                int size = Math.min(TEST_BATCH, images.items() - first);
                int[] picked = new int[size];
                for (int i = 0; i < size; i++) picked[i] = first + i;
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor predicted = model.forward(images(images, picked)).argmax(1, false);
                    correct += (int) predicted.eq(labels(labels, picked)).to(DType.INT64).sum().item();
                }
            }
        }
        return (double) correct / images.items();
    }
}
