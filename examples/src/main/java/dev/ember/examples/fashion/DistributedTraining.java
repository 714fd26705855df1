package dev.ember.examples.fashion;

import dev.ember.Tensor;
import dev.ember.distributed.DistributedDataParallel;
import dev.ember.distributed.MpiProcessGroup;
import dev.ember.distributed.ProcessGroup;
import dev.ember.distributed.TrainerGroup;
import dev.ember.nn.Module;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.DistributedSampler;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.ProgressBar;
import dev.ember.nn.train.Trainer;

/**
 * The Fashion-MNIST MLP trained data-parallel on every process of an MPI job: each rank takes its shard of every
 * global batch, gradients are averaged during backward, rank 0 reports. With one process it is plain training on the
 * same global batches, so the two can be timed against each other:
 * <pre>
 * EMBER_JAVA_OPTS=-Dember.threads=1 bin/ember-run -n 1 dev.ember.examples.fashion.DistributedTraining --epochs 1
 * EMBER_JAVA_OPTS=-Dember.threads=1 bin/ember-run -n 2 dev.ember.examples.fashion.DistributedTraining --epochs 1
 * </pre>
 * Options: {@code --epochs N} (1), {@code --batch B} (global batch, 64), {@code --sample} (the 4000-image sample shipped
 * in the jar instead of the installed set).
 */
public final class DistributedTraining {
    private DistributedTraining() {}

    public static void main(String[] args) {
        int epochs = 1;
        int globalBatch = 64;
        boolean sample = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch" -> globalBatch = Integer.parseInt(args[++i]);
                case "--sample" -> sample = true;
                default -> {
                    System.err.println("DistributedTraining: unknown option " + args[i]
                            + "\nusage: bin/ember-run -n N dev.ember.examples.fashion.DistributedTraining [--epochs N] [--batch B] [--sample]");
                    System.exit(2);
                }
            }
        }
        try (ProcessGroup group = MpiProcessGroup.init()) {
            int rank = group.rank();
            int n = group.size();
            if (globalBatch % n != 0) throw new IllegalArgumentException("--batch " + globalBatch + " must divide by the " + n + " processes");
            FashionMnist data = sample ? FashionMnist.loadSample() : FashionMnist.load();
            Tensor.manualSeed(1);
            Module model = new DistributedDataParallel(FashionMnistModels.mlp(), group);
            DataLoader train = DataLoader.builder(data.train()).batchSize(globalBatch / n)
                    .sampler(new DistributedSampler(data.train().size(), rank, n, 7)).build();
            DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
            Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
                    .metric("accuracy", Metrics::accuracy)
                    .progress(ProgressBar.auto())
                    .distributed(new TrainerGroup(group));
            History h = trainer.fit(train, test, epochs);
            if (rank == 0) {
                System.out.printf("%d process(es), %s: %d training images, global batch %d; epoch seconds %s; "
                                + "test accuracy %.4f, loss %.4f%n", n, MpiProcessGroup.libraryVersion().split(",")[0],
                        data.train().size(), globalBatch, trainer.trainingSeconds(), h.last("val_accuracy"), h.last("loss"));
            }
        }
    }
}
