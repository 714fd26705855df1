package dev.ember.examples.dcgan;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.Dataset;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.Normalize;
import dev.ember.nn.io.Images;
import dev.ember.nn.loss.BCEWithLogitsLoss;
import dev.ember.nn.optim.Adam;

import java.nio.file.Path;

/**
 * A DCGAN on Fashion-MNIST (the full set where Debian's package is installed, else the shipped sample), trained
 * as PyTorch's {@code examples/dcgan}: two Adam optimizers at 2e-4 with betas (0.5, 0.999), batches of 64 images
 * scaled to [-1, 1]; each step first trains the discriminator on a real and a generated batch, then the generator
 * to make the discriminator call its batch real. Logs the losses and the discriminator's mean probabilities
 * every 100 steps (PyTorch's {@code D(x)} and {@code D(G(z))}) and writes {@code samples_E.png}, 64 images from
 * the same fixed codes, after each epoch; the weights at the end.
 *
 * <pre>
 * --epochs N (default 5)   --batch N (default 64)   --width N (default 64: the generator's last and the
 * discriminator's first channel count)   --lr X (default 2e-4)   --seed N (default 1)
 * --out DIR (default target/dcgan)   --sample (the shipped sample even where the full set is installed)
 * --device cpu|cuda|cuda:N (default: the GPU when Ember's CUDA backend loads, else the CPU)
 * </pre>
 */
public final class Dcgan {
    /** One step's figures: both losses, and the discriminator's mean probability of "real" on each batch. */
    public record Losses(double discriminator, double generator, double realScore, double fakeScore) {}

    /** Fashion-MNIST's [0, 1] pixels to the generator's tanh range (-1, 1). */
    public static final Normalize TO_TANH_RANGE = new Normalize(0.5, 0.5);

    private static final BCEWithLogitsLoss BCE = new BCEWithLogitsLoss();

    private final Sequential generator;
    private final Sequential discriminator;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private final Device device;

    /** Both networks of {@code width} with DCGAN's initialisation on {@code device}, each with its Adam at {@code lr}. */
    public Dcgan(int width, double lr, Device device) {
        this.device = device;
        this.generator = DcganModels.generator(width).to(device).apply(DcganModels::initWeights);
        this.discriminator = DcganModels.discriminator(width).to(device).apply(DcganModels::initWeights);
        this.generatorOptimizer = Adam.builder(generator.parameters()).lr(lr).betas(0.5, 0.999).build();
        this.discriminatorOptimizer = Adam.builder(discriminator.parameters()).lr(lr).betas(0.5, 0.999).build();
    }

    public Sequential generator() { return generator; }

    public Sequential discriminator() { return discriminator; }

    /** Codes for {@code n} images, from N(0, I). */
    public Tensor codes(int n) { return Tensor.randn(device, DType.FLOAT32, n, DcganModels.LATENT, 1, 1); }

    /** One step on {@code real} images {@code [N, 1, 28, 28]} in [-1, 1]: the discriminator's, then the generator's. */
    public Losses step(Tensor real) {
        int n = real.size(0);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor isReal = Tensor.ones(device, DType.FLOAT32, n, 1);
            Tensor isFake = Tensor.zeros(device, DType.FLOAT32, n, 1);
            Tensor fake = generator.forward(codes(n));

            // the discriminator: -log D(x) - log(1 - D(G(z))); detach keeps this step out of the generator
            discriminatorOptimizer.zeroGrad();
            Tensor realLogits = discriminator.forward(real);
            Tensor fakeLogits = discriminator.forward(fake.detach());
            Tensor dLoss = BCE.apply(realLogits, isReal).add(BCE.apply(fakeLogits, isFake));
            dLoss.backward();
            discriminatorOptimizer.step();

            // the generator: -log D(G(z)), the non-saturating loss, against the discriminator just updated
            generatorOptimizer.zeroGrad();
            Tensor gLoss = BCE.apply(discriminator.forward(fake), isReal);
            gLoss.backward();
            generatorOptimizer.step();
            return new Losses(dLoss.item(), gLoss.item(), realLogits.sigmoid().mean().item(), fakeLogits.sigmoid().mean().item());
        }
    }

    /** Images {@code [N, 1, 28, 28]} in (-1, 1) from {@code codes}, as PyTorch's example makes its grid (batch statistics). */
    public Tensor generate(Tensor codes) {
        try (var noGrad = Autograd.noGrad()) {
            return generator.forward(codes);
        }
    }

    /** The probability the discriminator gives each image {@code [N, 1, 28, 28]} of being real, {@code [N]}. */
    public Tensor realProbability(Tensor images) {
        try (var noGrad = Autograd.noGrad()) {
            return discriminator.forward(images).sigmoid().flatten(0);
        }
    }

    /** Batches of {@code batch} images in [-1, 1], shuffled each epoch from {@code seed}. */
    public static DataLoader loader(Dataset images, int batch, long seed) {
        return DataLoader.builder(images).batchSize(batch).shuffle(seed).transform(TO_TANH_RANGE).build();
    }

    public static void main(String[] args) {
        Settings o = Settings.parse(args);
        FashionMnist data = o.sample ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s%s: %d training images%n", data.source(),
                data.isSample() ? " (the shipped sample)" : "", data.train().size());
        Tensor.manualSeed(o.seed);
        Dcgan gan = new Dcgan(o.width, o.lr, Device.defaultDevice());
        System.out.printf("generator %,d and discriminator %,d parameters on %s%n", gan.generator.parameterCount(),
                gan.discriminator.parameterCount(), gan.device);
        DataLoader train = loader(data.train(), o.batch, o.seed);
        Tensor fixedCodes = gan.codes(64);
        for (int epoch = 1; epoch <= o.epochs; epoch++) {
            long start = System.nanoTime();
            int i = 0;
            for (Batch b : train) {
                Losses l = gan.step(b.inputs().to(gan.device));
                if (++i % 100 == 0 || i == train.batchesPerEpoch()) {
                    System.out.printf("[%d/%d][%d/%d] Loss_D %.4f Loss_G %.4f D(x) %.4f D(G(z)) %.4f%n", epoch, o.epochs, i,
                            train.batchesPerEpoch(), l.discriminator(), l.generator(), l.realScore(), l.fakeScore());
                }
            }
            System.out.printf("epoch %d: %.1f s%n", epoch, (System.nanoTime() - start) / 1e9);
            Images.save(gan.generate(fixedCodes), o.out.resolve("samples_" + epoch + ".png"),
                    Images.Grid.defaults().normalize(true).valueRange(-1, 1));
        }
        gan.generator.save(o.out.resolve("generator.safetensors"));
        gan.discriminator.save(o.out.resolve("discriminator.safetensors"));
        System.out.println("Wrote samples_E.png and the weights to " + o.out.toAbsolutePath());
    }

    private record Settings(int epochs, int batch, int width, double lr, long seed, Path out, boolean sample) {
        static Settings parse(String[] raw) {
            Options o = Options.parse(raw, "--epochs", "5", "--batch", "64", "--width", "64", "--lr", "2e-4", "--seed", "1",
                    "--out", "target/dcgan", "--sample", "false");
            return new Settings(o.integer("--epochs"), o.integer("--batch"), o.integer("--width"), o.real("--lr"), o.longValue("--seed"),
                    o.path("--out"), o.flag("--sample"));
        }
    }
}
