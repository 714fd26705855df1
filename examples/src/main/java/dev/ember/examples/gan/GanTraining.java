package dev.ember.examples.gan;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.io.Images;
import dev.ember.nn.layers.Flatten;
import dev.ember.nn.layers.LeakyReLU;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Tanh;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Two GANs trained by hand with two optimizers ({@link Gan}): first on a {@link Ring} of 8 Gaussians in the
 * plane, reporting how many modes the generator covers and how many of its samples land on a mode; then a
 * fully connected GAN on Fashion-MNIST (images scaled to [-1, 1]), writing a grid of 64 samples after each epoch
 * ({@code samples_E.png}) from the same fixed noise.
 *
 * <pre>
 * --ring-steps N (default 3000)   --epochs N (default 3, Fashion-MNIST)   --batch N (default 128)
 * --seed N (default 1)   --out DIR (default target/gan)   --sample
 * </pre>
 */
public final class GanTraining {
    static final int RING_NOISE = 16;
    static final int IMAGE_NOISE = 64;

    private GanTraining() {}

    static Gan ringGan(Generator init) {
        Module g = new Sequential(new Linear(RING_NOISE, 128), new ReLU(), new Linear(128, 128), new ReLU(), new Linear(128, 2));
        Module d = new Sequential(new Linear(2, 128), new LeakyReLU(0.2), new Linear(128, 128), new LeakyReLU(0.2), new Linear(128, 1));
        return new Gan(g, d, RING_NOISE, 1e-3);
    }

    /** Trains on the ring for {@code steps} batches of {@code batch} points; prints the coverage every so often. */
    static Ring.Coverage trainRing(Gan gan, Ring ring, int steps, int batch, Generator data, boolean log) {
        for (int step = 1; step <= steps; step++) {
            Gan.Losses l = gan.step(ring.sample(batch, data));
            if (log && (step % (steps / 5) == 0 || step == steps)) {
                Ring.Coverage c = ring.coverage(gan.sample(2000));
                System.out.printf("ring step %5d: D loss %.3f, G loss %.3f, modes covered %d/%d, samples on a mode %.1f%% %s%n",
                        step, l.discriminator(), l.generator(), c.modesCovered(), ring.modes(), 100 * c.fractionOnModes(),
                        Arrays.toString(c.perMode()));
            }
        }
        return ring.coverage(gan.sample(2000));
    }

    static Gan imageGan() {
        Module g = new Sequential(new Linear(IMAGE_NOISE, 256), new LeakyReLU(0.2), new Linear(256, 512), new LeakyReLU(0.2),
                new Linear(512, 784), new Tanh());
        Module d = new Sequential(new Flatten(), new Linear(784, 512), new LeakyReLU(0.2), new Linear(512, 256), new LeakyReLU(0.2),
                new Linear(256, 1));
        return new Gan(g, d, IMAGE_NOISE, 2e-4);
    }

    /** One pass over {@code train}; images in [0, 1] are scaled to the generator's [-1, 1]. */
    static Gan.Losses trainImagesEpoch(Gan gan, DataLoader train) {
        double d = 0, g = 0;
        int n = 0;
        for (Batch b : train) {
            Gan.Losses l = gan.step(b.inputs().flatten(1).mul(2).sub(1));
            d += l.discriminator();
            g += l.generator();
            n++;
        }
        return new Gan.Losses(d / n, g / n);
    }

    /** Generator output {@code [N, 784]} in [-1, 1] as images {@code [N, 1, 28, 28]} in [0, 1]. */
    static Tensor toImages(Tensor samples) { return samples.add(1).mul(0.5).reshape(samples.size(0), 1, 28, 28); }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--ring-steps", "3000", "--epochs", "3", "--batch", "128", "--seed", "1",
                "--out", "target/gan", "--sample", "false"));
        long seed = o.longValue("--seed");
        Tensor.manualSeed(seed);
        Ring ring = new Ring(8, 2, 0.05);
        long start = System.nanoTime();
        Ring.Coverage c = trainRing(ringGan(new Generator(seed)), ring, o.integer("--ring-steps"), 256, new Generator(seed + 1), true);
        System.out.printf("Ring of 8 Gaussians: %d of 8 modes covered, %.1f%% of 2000 samples within 3 std of a mode (%.1f s)%n%n",
                c.modesCovered(), 100 * c.fractionOnModes(), (System.nanoTime() - start) / 1e9);

        FashionMnist data = o.flag("--sample") ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s: %d training images%n", data.source(), data.train().size());
        Gan gan = imageGan();
        DataLoader train = DataLoader.builder(data.train()).batchSize(o.integer("--batch")).shuffle(seed).dropLast(true).build();
        Tensor fixedNoise = Tensor.randn(64, IMAGE_NOISE);
        Path out = o.path("--out");
        for (int epoch = 1; epoch <= o.integer("--epochs"); epoch++) {
            long t = System.nanoTime();
            Gan.Losses l = trainImagesEpoch(gan, train);
            try (var noGrad = Autograd.noGrad()) {
                gan.generator.eval();
                Images.save(toImages(gan.generator.forward(fixedNoise)), out.resolve("samples_" + epoch + ".png"));
                gan.generator.train();
            }
            System.out.printf("epoch %d: D loss %.3f, G loss %.3f (%.1f s), wrote samples_%d.png%n", epoch, l.discriminator(),
                    l.generator(), (System.nanoTime() - t) / 1e9, epoch);
        }
        System.out.println("Wrote the sample grids to " + out.toAbsolutePath());
    }
}
