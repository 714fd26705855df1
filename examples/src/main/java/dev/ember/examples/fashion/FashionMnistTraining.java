package dev.ember.examples.fashion;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.RandomFlip;
import dev.ember.nn.io.Safetensors;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.GradScaler;
import dev.ember.nn.optim.schedule.CosineAnnealing;
import dev.ember.nn.train.ConfusionMatrix;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.ProgressBar;
import dev.ember.nn.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a Fashion-MNIST classifier: the full set from Debian's {@code dataset-fashion-mnist} when it is installed,
 * otherwise the sample shipped with Ember. Adam with a cosine-annealed learning rate, cross-entropy, a progress
 * bar; after every epoch the test accuracy, a checkpoint ({@code checkpoint.safetensors}, from which
 * {@code --resume} continues) and at the end the loss/accuracy curves ({@code curves.png}, where the Java runtime
 * has {@code java.desktop}), the trained weights ({@code model.safetensors}, loadable by PyTorch) and the
 * confusion matrix.
 *
 * <pre>
 * --model mlp|cnn|cnn-bn   (default cnn)      --epochs N   (default 2)     --batch N (default 64)
 * --lr X (default 1e-3)    --seed N (default 42)   --out DIR (default target/fashion-mnist)
 * --flip                   (augment: flip each training image left-right with probability 1/2)
 * --sample                 (use the shipped sample even when the full set is installed)
 * --resume                 (continue from DIR/checkpoint.safetensors)
 * --device cpu|cuda|cuda:N (default: the GPU when Ember's CUDA backend loads, else the CPU)
 * --precision fp32|bf16|fp16 (default fp32: bf16 and fp16 train under Autocast, fp16 with a GradScaler)
 * </pre>
 *
 * The "validation" columns are the test set's, as the package's published results are test accuracies.
 */
public final class FashionMnistTraining {
    static final String USAGE = "usage: FashionMnistTraining [--model mlp|cnn|cnn-bn] [--device cpu|cuda|cuda:N]"
            + " [--epochs N] [--batch N] [--lr X] [--seed N] [--out DIR] [--flip] [--sample] [--resume] [--precision fp32|bf16|fp16]";

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {   // a mistyped option: say which and how, not where in the code
            System.err.println("FashionMnistTraining: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        FashionMnist data = options.sample ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s%s: %d training and %d test images%n", data.source(),
                data.isSample() ? " (the shipped sample; install Debian's dataset-fashion-mnist for the full set)" : "",
                data.train().size(), data.test().size());

        Tensor.manualSeed(options.seed);
        Sequential model = options.model.create();
        System.out.printf("Model %s, %,d parameters, on %s:%n%s%n", options.model.id(), model.parameterCount(),
                model.parameters().get(0).device(), model);

        // dropout and the flips draw from the default generator, which checkpoints save: a resumed run draws the same
        Generator random = Generator.defaultGenerator();
        DataLoader.Builder trainBuilder = DataLoader.builder(data.train()).batchSize(options.batch).shuffle(options.seed);
        if (options.flip) trainBuilder.transform(RandomFlip.horizontal(0.5, random));
        DataLoader train = trainBuilder.build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
        Adam adam = new Adam(model.parameters(), options.lr);
        CosineAnnealing schedule = new CosineAnnealing(adam, options.epochs, 0);
        Files.createDirectories(options.out);
        Path checkpoint = options.out.resolve("checkpoint.safetensors");
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), adam)
                .schedule(schedule)
                .metric("accuracy", Metrics::accuracy)
                .progress(ProgressBar.auto())
                .generator(random)
                .checkpointEveryEpoch(checkpoint);
        if (options.precision != null) {
            trainer.autocast(options.precision);
            if (options.precision == DType.FLOAT16) trainer.gradScaler(new GradScaler());   // float16's range needs it
            System.out.println("Mixed precision: autocast to " + options.precision + " (weights float32)");
        }
        if (options.resume) {
            trainer.resume(checkpoint);
            System.out.println("Resumed from " + checkpoint);
        }

        History history = trainer.fit(train, test, options.epochs);

        Path curves = options.out.resolve("curves.png");
        boolean plotted = History.canPlot();   // false in the GPU bundle, whose runtime leaves out java.desktop
        if (plotted) history.plot(curves);
        else System.out.println("No curves.png: this Java runtime has no java.desktop module (AWT) to draw it");
        Path weights = options.out.resolve("model.safetensors");
        Safetensors.write(weights, model.stateDict());
        List<Double> seconds = trainer.trainingSeconds();
        System.out.printf("Test accuracy %.4f after %d epoch(s) (best %.4f); training took %.1f s per epoch (median)%n",
                history.last("val_accuracy"), history.epochs(), max(history.get("val_accuracy")), median(seconds));
        System.out.println(confusionMatrix(model, test));
        System.out.println("Wrote " + (plotted ? curves.toAbsolutePath() + ", " : "")
                + weights.toAbsolutePath() + " and " + checkpoint.toAbsolutePath());
    }

    private static ConfusionMatrix confusionMatrix(Sequential model, DataLoader test) {
        model.eval();
        List<Tensor> predictions = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        try (var noGrad = Autograd.noGrad()) {
            test.forEach(batch -> {
                predictions.add(model.forward(batch.inputs()));
                targets.add(batch.targets());
            });
        }
        return ConfusionMatrix.of(Tensor.cat(0, predictions), Tensor.cat(0, targets), FashionMnist.CLASSES);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private record Options(FashionMnistModels model, int epochs, int batch, double lr, long seed, Path out,
                           boolean flip, boolean sample, boolean resume, DType precision) {
        /** Also accepts everything in one string (how Maven's {@code -Dexample.args} arrives). */
        static Options parse(String[] raw) {
            List<String> args = new ArrayList<>();
            for (String a : raw) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
            FashionMnistModels model = FashionMnistModels.CNN;
            int epochs = 2;
            int batch = 64;
            double lr = 1e-3;
            long seed = 42;
            Path out = Path.of("target", "fashion-mnist");
            boolean flip = false;
            boolean sample = false;
            boolean resume = false;
            DType precision = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--model" -> model = FashionMnistModels.byId(value(args, ++i, a));
                    case "--epochs" -> epochs = number(value(args, ++i, a), a, Integer::parseInt);
                    case "--batch" -> batch = number(value(args, ++i, a), a, Integer::parseInt);
                    case "--lr" -> lr = number(value(args, ++i, a), a, Double::parseDouble);
                    case "--seed" -> seed = number(value(args, ++i, a), a, Long::parseLong);
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--flip" -> flip = true;
                    case "--sample" -> sample = true;
                    case "--resume" -> resume = true;
                    case "--precision" -> precision = switch (value(args, ++i, a)) {
                        case "fp32" -> null;
                        case "bf16" -> DType.BFLOAT16;
                        case "fp16" -> DType.FLOAT16;
                        default -> throw new IllegalArgumentException("--precision takes fp32, bf16 or fp16, not " + args.get(i));
                    };
                    // the default device is chosen at the first tensor, which comes after the options
                    case "--device" -> System.setProperty("ember.device", Device.parse(value(args, ++i, a)).toString());
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return new Options(model, epochs, batch, lr, seed, out, flip, sample, resume, precision);
        }

        private static <T> T number(String value, String option, java.util.function.Function<String, T> parse) {
            try {
                return parse.apply(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
            }
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
            return args.get(i);
        }
    }
}
