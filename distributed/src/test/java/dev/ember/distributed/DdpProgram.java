package dev.ember.distributed;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.DistributedSampler;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Optimizer;
import dev.ember.nn.optim.Sgd;

import java.util.Iterator;

/**
 * One rank of {@link DistributedDataParallelTest}: the Fashion-MNIST MLP trained with DDP on the shipped sample,
 * global batch 64 split over the ranks.
 * <ul>
 *   <li>{@code compare STEPS}: after STEPS steps, the ranks' weights must be bitwise equal, and rank 0 also trains the
 *       same MLP alone on the same global batches: the weights must agree within float32 tolerance.</li>
 *   <li>{@code kill STEPS} / {@code throw STEPS}: rank 1 kills itself with SIGKILL, or throws, after STEPS steps; rank 0
 *       trains on and must never print that it finished.</li>
 * </ul>
 */
public final class DdpProgram {
    static final int GLOBAL_BATCH = 64;
    static final long SEED = 7;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int steps = Integer.parseInt(args[1]);
        FashionMnist data = FashionMnist.loadSample();
        try (ProcessGroup group = MpiProcessGroup.init()) {
            int rank = group.rank();
            int n = group.size();
            Tensor.manualSeed(100 + rank);   // different initial weights on each rank: DDP must broadcast rank 0's
            var ddp = new DistributedDataParallel(mlp(), group, 100_000);
            if (rank == 0) System.out.println("buckets " + ddp.buckets());
            DataLoader loader = DataLoader.builder(data.train()).batchSize(GLOBAL_BATCH / n)
                    .sampler(new DistributedSampler(data.train().size(), rank, n, SEED)).build();
            int limit = mode.equals("compare") ? steps : 1_000_000;
            train(ddp, loader, limit, step -> {
                if (rank == 1 && step == steps && mode.equals("kill")) {
                    System.out.println("rank 1 kills itself after " + step + " steps");
                    System.out.flush();
                    new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
                }
                if (rank == 1 && step == steps && mode.equals("throw")) {
                    throw new IllegalStateException("rank 1 fails on purpose after " + step + " steps");
                }
            });
            if (!mode.equals("compare")) {
                System.out.println("rank " + rank + " finished");   // never reached: the job is ended first
                return;
            }
            float[] mine = flat(ddp.module());
            Tensor all = group.allGather(Tensor.of(mine));
            float[] gathered = all.toFloatArray();
            for (int q = 0; q < n; q++) {
                for (int i = 0; i < mine.length; i++) {
                    if (gathered[q * mine.length + i] != mine[i]) {
                        throw new AssertionError("rank " + q + " and rank " + rank + " differ at weight " + i);
                    }
                }
            }
            if (rank == 0) {
                Tensor.manualSeed(100);
                Module alone = mlp();
                float[] initial = flat(alone);
                DataLoader global = DataLoader.builder(data.train()).batchSize(GLOBAL_BATCH)
                        .sampler(new DistributedSampler(data.train().size(), 0, 1, SEED)).build();
                train(alone, global, steps, step -> {});
                float[] reference = flat(alone);
                double diff = 0, moved = 0;
                for (int i = 0; i < mine.length; i++) {
                    diff = Math.max(diff, Math.abs(mine[i] - reference[i]));
                    moved = Math.max(moved, Math.abs(reference[i] - initial[i]));
                }
                System.out.printf("ranks bitwise equal; max |ddp - one process| = %.3g after %d steps (weights moved up to %.3g)%n",
                        diff, steps, moved);
                if (diff > 2e-5 || moved < 1e-2) throw new AssertionError("DDP and one process disagree: " + diff + ", moved " + moved);
            }
            System.out.println("rank " + rank + " compare ok");
        }
    }

    static Module mlp() {
        return new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
    }

    interface StepListener { void after(int step) throws Exception; }

    static void train(Module model, DataLoader loader, int steps, StepListener listener) throws Exception {
        Optimizer sgd = new Sgd(model.parameters(), 0.05, 0.9);
        var loss = new CrossEntropyLoss();
        int step = 0;
        for (long epoch = 0; step < steps; epoch++) {
            Iterator<Batch> it = loader.epoch(epoch, 0);
            while (it.hasNext() && step < steps) {
                Batch b = it.next();
                sgd.zeroGrad();
                loss.apply(model.forward(b.inputs()), b.targets()).backward();
                sgd.step();
                listener.after(++step);
            }
        }
    }

    static float[] flat(Module m) {
        return Tensor.cat(0, m.parameters().stream().map(p -> p.detach().reshape(-1)).toList()).toFloatArray();
    }
}
