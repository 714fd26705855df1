package dev.ember.examples;

import dev.ember.Device;
import dev.ember.Tensor;
import dev.ember.examples.dcgan.Dcgan;
import dev.ember.examples.mnist.MnistCnn;
import dev.ember.examples.vae.Vae;
import dev.ember.examples.vae.VaeTraining;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.Trainer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.Locale;

/**
 * Ember's side of {@code benchmarks/examples.sh}: times the training steps of one example (mnist.MnistCnn through
 * its Trainer, vae.VaeTraining's epoch loop, dcgan.Dcgan's step) on the full Fashion-MNIST, as the PyTorch twins
 * in {@code benchmarks/pytorch} do with {@code --time}: {@code --warmup W} steps, then {@code --time N} timed steps
 * on the next shuffled batches; prints one JSON line with the milliseconds per step and the seconds per epoch.
 * The warm-up also lasts at least {@code --warmup-seconds}: the JIT compiles the Vector API kernels only after
 * many calls (the VAE's steps took 87 ms after 100 steps and 31 ms after 300 on a busy machine), and an epoch's
 * steady pace is what is compared.
 *
 * <pre>
 * --example cnn|vae|dcgan   --time N (default 50)   --warmup N (default 10)   --warmup-seconds S (default 30)
 * --seed N (default 1)
 * </pre>
 */
public final class ExampleTiming {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ExampleTiming() {}

    public static void main(String[] args) {
        String example = "cnn";
        int steps = 50, warmup = 10;
        double warmupSeconds = 30;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--example" -> example = args[i + 1];
                case "--time" -> steps = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; options: --example cnn|vae|dcgan, --time N, --warmup N, --warmup-seconds S, --seed N");
            }
        }
        FashionMnist data = FashionMnist.load();
        if (data.isSample()) throw new IllegalStateException("ExampleTiming needs the full Fashion-MNIST: apt-get install dataset-fashion-mnist");
        Tensor.manualSeed(seed);
        int batch = example.equals("vae") ? 128 : 64;
        Steps run = switch (example) {
            case "cnn" -> cnn(seed);
            case "vae" -> vae();
            case "dcgan" -> dcgan();
            default -> throw new IllegalArgumentException("unknown example '" + example + "'; choose cnn, vae or dcgan");
        };
        DataLoader.Builder loader = DataLoader.builder(data.train()).batchSize(batch).shuffle(seed);
        if (example.equals("cnn")) loader.transform(MnistCnn.NORMALIZE);
        if (example.equals("dcgan")) loader.transform(Dcgan.TO_TANH_RANGE);
        DataLoader train = loader.build();
        Iterator<Batch> batches = endless(train);
        double warming = 0;
        int warmed = 0;
        for (; warmed < warmup || warming < warmupSeconds; warmed += 5) warming += run.steps(next(batches, 5));
        // with one thread every kernel runs on this thread, so its CPU time is the steps' cost whatever else the
        // machine is doing (the JIT's and the collector's threads are not counted)
        long cpuStart = CPU.getCurrentThreadCpuTime();
        double seconds = run.steps(next(batches, steps));
        double cpuMs = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "{\"engine\": \"ember\", \"example\": \"%s\", \"threads\": %s, \"batch\": %d, \"steps\": %d,"
                        + " \"warmup_steps\": %d, \"ms_per_step\": %.3f, \"cpu_ms_per_step\": %.3f, \"steps_per_epoch\": %d,"
                        + " \"seconds_per_epoch\": %.2f}%n", example,
                System.getProperty("ember.threads", "\"default\""), batch, steps, warmed, 1000 * seconds / steps, cpuMs,
                train.batchesPerEpoch(), seconds / steps * train.batchesPerEpoch());
    }

    /** Trains on the given batches; returns the seconds it took. */
    @FunctionalInterface
    private interface Steps {
        double steps(Iterable<Batch> batches);
    }

    private static Steps cnn(long seed) {
        Trainer trainer = MnistCnn.trainer(MnistCnn.model(), 1.0, 0.7);
        // each call is one more "epoch" of the Trainer; its own clock times the training pass alone
        int[] epochs = {0};
        return batches -> {
            trainer.fit(batches, null, ++epochs[0]);
            return trainer.trainingSeconds().getLast();
        };
    }

    private static Steps vae() {
        Vae vae = new Vae();
        Adam adam = new Adam(vae.parameters(), 1e-3);
        return batches -> timed(() -> VaeTraining.trainEpoch(vae, adam, batches, Device.CPU));
    }

    private static Steps dcgan() {
        Dcgan gan = new Dcgan(64, 2e-4, Device.CPU);
        return batches -> timed(() -> batches.forEach(b -> gan.step(b.inputs())));
    }

    private static double timed(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The loader's batches, epoch after epoch. */
    private static Iterator<Batch> endless(DataLoader loader) {
        return new Iterator<>() {
            private long epoch;
            private Iterator<Batch> current = loader.epoch(0, 0);

            @Override
            public boolean hasNext() { return true; }

            @Override
            public Batch next() {
                if (!current.hasNext()) current = loader.epoch(++epoch, 0);
                return current.next();
            }
        };
    }

    /** The next {@code n} batches of {@code it}, once. */
    private static Iterable<Batch> next(Iterator<Batch> it, int n) {
        return () -> new Iterator<>() {
            private int left = n;

            @Override
            public boolean hasNext() { return left > 0; }

            @Override
            public Batch next() {
                left--;
                return it.next();
            }
        };
    }
}
