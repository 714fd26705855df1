package dev.ember.examples.reliability;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.io.Checkpoint;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.Tanh;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seeded training run that saves a checkpoint after every epoch, for {@code benchmarks/kill-checkpoints.sh}: kill
 * it at any moment and the checkpoint it leaves must load and be, byte for byte, the one an unkilled run wrote after
 * the same epoch (same seed, same numbers, and atomic saves).
 *
 * <pre>
 * CheckpointedRun train DIR EPOCHS [--reference]   trains; with --reference also keeps DIR/epoch-N.safetensors
 * CheckpointedRun verify DIR REFERENCE_DIR         loads DIR/checkpoint.safetensors, prints its epoch and whether
 *                                                  it equals REFERENCE_DIR/epoch-N.safetensors (exit 1 if not)
 * </pre>
 */
public final class CheckpointedRun {
    private static final String CHECKPOINT = "checkpoint.safetensors";

    private final Sequential model = new Sequential(new Linear(64, 512), new Tanh(), new Linear(512, 512), new Tanh(),
            new Linear(512, 10));
    private final Adam adam;
    private final Checkpoint checkpoint;

    private CheckpointedRun() {
        Tensor.manualSeed(42);
        adam = new Adam(model.parameters(), 1e-3);
        checkpoint = new Checkpoint(model, adam);
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("train")) {
            new CheckpointedRun().train(Path.of(args[1]), Integer.parseInt(args[2]),
                    Arrays.asList(args).contains("--reference"));
        } else if (args.length == 3 && args[0].equals("verify")) {
            System.exit(new CheckpointedRun().verify(Path.of(args[1]), Path.of(args[2])) ? 0 : 1);
        } else {
            System.err.println("usage: CheckpointedRun train DIR EPOCHS [--reference] | verify DIR REFERENCE_DIR");
            System.exit(2);
        }
    }

    private void train(Path dir, int epochs, boolean reference) throws IOException {
        Files.createDirectories(dir);
        Generator data = new Generator(7);
        Tensor x = data.randn(2048, 64);
        Tensor y = data.randint(0, 10, 2048);
        DataLoader loader = DataLoader.builder(new TensorDataset(x, y)).batchSize(64).shuffle(3).build();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Map<String, List<Double>> history = new LinkedHashMap<>();
        history.put("loss", new ArrayList<>());
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double total = 0;
            int batches = 0;
            for (Batch b : loader) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor l = loss.apply(model.forward(b.inputs()), b.targets());
                    l.backward();
                    adam.step();
                    adam.zeroGrad();
                    total += l.item();
                    batches++;
                }
            }
            history.get("loss").add(total / batches);
            checkpoint.save(dir.resolve(CHECKPOINT), epoch, history);
            if (reference) {
                Files.copy(dir.resolve(CHECKPOINT), dir.resolve("epoch-" + epoch + ".safetensors"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.println("epoch " + epoch + " loss " + total / batches);
        }
    }

    private boolean verify(Path dir, Path referenceDir) throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        if (!Files.exists(file)) {
            System.out.println("no checkpoint yet");
            return true;
        }
        int epoch = checkpoint.load(file).epoch();
        Path reference = referenceDir.resolve("epoch-" + epoch + ".safetensors");
        boolean same = Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(reference));
        System.out.println("epoch " + epoch + (same ? " identical to " : " DIFFERS from ") + reference);
        return same;
    }
}
