package dev.ember.examples.vanishing;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Charts;
import dev.ember.examples.Options;
import dev.ember.nn.Module;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.Dataset;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Sgd;
import dev.ember.nn.train.GradientNorms;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Vanishing gradients, layer by layer: a deep sigmoid network beside the same depth with ReLU and He
 * initialisation, with batch norm, and with residual connections ({@link DeepNetworks}). For each, the L2 norm of
 * every layer's weight gradient on one batch at initialisation ({@link GradientNorms}), then a few epochs of plain
 * SGD on Fashion-MNIST with the test accuracy after each. Prints the table of norms and writes
 * {@code gradient_norms.png} (norms by layer, log scale, beside the test accuracy by epoch).
 *
 * <pre>
 * --depth N (default 10)   --width N (default 64)   --epochs N (default 3)   --lr X (default 0.01)
 * --batch N (default 128)  --seed N (default 1)     --out DIR (default target/vanishing)   --sample
 * </pre>
 */
public final class VanishingGradients {
    private VanishingGradients() {}

    /** The weight-gradient norm of each linear layer, input side first, for the loss of {@code batch}. */
    static List<Double> layerGradientNorms(Module net, Batch batch) {
        net.zeroGrad();
        new CrossEntropyLoss().apply(net.forward(batch.inputs()), batch.targets()).backward();
        Map<String, Tensor> params = net.namedParameters();
        List<Double> norms = new ArrayList<>();
        // the linear layers' weights are the rank-2 parameters (batch norm's weight is rank 1)
        GradientNorms.of(net).forEach((name, norm) -> { if (params.get(name).rank() == 2) norms.add(norm); });
        net.zeroGrad();
        return norms;
    }

    /** Trains with plain SGD and records loss and accuracy on {@code train} and {@code test} per epoch. */
    static History train(Module net, DataLoader train, DataLoader test, int epochs, double lr) {
        return new Trainer(net, new CrossEntropyLoss(), new Sgd(net.parameters(), lr, 0.9))
                .metric("accuracy", Metrics::accuracy)
                .fit(train, test, epochs);
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--depth", "10", "--width", "64", "--epochs", "3", "--lr", "0.01",
                "--batch", "128", "--seed", "1", "--out", "target/vanishing", "--sample", "false"));
        FashionMnist data = o.flag("--sample") ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s: %d training and %d test images%n", data.source(), data.train().size(), data.test().size());
        int depth = o.integer("--depth");
        int width = o.integer("--width");
        long seed = o.longValue("--seed");
        Tensor.manualSeed(seed);
        DataLoader train = DataLoader.builder(data.train()).batchSize(o.integer("--batch")).shuffle(seed).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
        Batch probe = firstBatch(data.train(), 256);

        Map<DeepNetworks.Kind, List<Double>> norms = new EnumMap<>(DeepNetworks.Kind.class);
        Map<DeepNetworks.Kind, History> histories = new EnumMap<>(DeepNetworks.Kind.class);
        for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) {
            Module net = DeepNetworks.build(kind, depth, width, new Generator(seed));
            norms.put(kind, layerGradientNorms(net, probe));
            long start = System.nanoTime();
            History h = train(net, train, test, o.integer("--epochs"), o.real("--lr"));
            histories.put(kind, h);
            System.out.printf("%-22s test accuracy by epoch %s (%.1f s)%n", kind.label, format(h.get("val_accuracy")),
                    (System.nanoTime() - start) / 1e9);
        }

        System.out.printf("%nWeight-gradient norm of each layer at initialisation (layer 1 = input side), depth %d, width %d:%n", depth, width);
        System.out.printf("%-6s", "layer");
        for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) System.out.printf("%22s", kind.label);
        System.out.println();
        for (int layer = 0; layer <= depth; layer++) {
            System.out.printf("%-6d", layer + 1);
            for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) System.out.printf("%22.3e", norms.get(kind).get(layer));
            System.out.println();
        }
        System.out.printf("%-6s", "1/last");
        for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) System.out.printf("%22.3e", firstToLast(norms.get(kind)));
        System.out.println();

        List<Charts.Series> normSeries = new ArrayList<>();
        List<Charts.Series> accuracySeries = new ArrayList<>();
        for (DeepNetworks.Kind kind : DeepNetworks.Kind.values()) {
            normSeries.add(Charts.Series.of(kind.label, norms.get(kind)));
            accuracySeries.add(Charts.Series.of(kind.label, histories.get(kind).get("val_accuracy")));
        }
        Path png = o.path("--out").resolve("gradient_norms.png");
        Charts.save(png,
                new Charts.Panel("Weight-gradient norm at initialisation", "layer (1 = input side)", "L2 norm", true, normSeries),
                new Charts.Panel("Test accuracy", "epoch", "accuracy", false, accuracySeries));
        System.out.println("Wrote " + png.toAbsolutePath());
    }

    /** The first layer's gradient norm over the last layer's: far below 1 where gradients vanish. */
    static double firstToLast(List<Double> norms) { return norms.get(0) / norms.get(norms.size() - 1); }

    static Batch firstBatch(Dataset data, int n) {
        int[] indices = new int[Math.min(n, data.size())];
        for (int i = 0; i < indices.length; i++) indices[i] = i;
        try (var noGrad = Autograd.noGrad()) {
            return data.batch(indices);
        }
    }

    private static String format(List<Double> values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) s.append(String.format("%.3f ", v));
        return s.toString().trim();
    }
}
