package dev.ember.examples.vae;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.io.Images;
import dev.ember.nn.optim.Adam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the {@link Vae} on Fashion-MNIST (the full set where Debian's package is installed, else the shipped
 * sample) as PyTorch's {@code examples/vae} trains it on MNIST: Adam at 1e-3, batches of 128, the loss summed over
 * the batch and reported per image. After each epoch: the test loss, {@code reconstruction_E.png} (eight test
 * images above their reconstructions) and {@code sample_E.png} (64 images decoded from codes drawn from N(0, I)).
 *
 * <pre>
 * --epochs N (default 10)   --batch N (default 128)   --lr X (default 1e-3)   --seed N (default 1)
 * --out DIR (default target/vae)   --sample (the shipped sample even where the full set is installed)
 * --device cpu|cuda|cuda:N (default: the GPU when Ember's CUDA backend loads, else the CPU)
 * </pre>
 */
public final class VaeTraining {
    /** Trains {@code vae} on every batch of {@code train} (an epoch); returns the mean loss per image of each batch. */
    public static List<Double> trainEpoch(Vae vae, Adam adam, Iterable<Batch> train, Device device) {
        vae.train();
        List<Double> losses = new ArrayList<>();
        for (Batch b : train) {
            Tensor x = b.inputs().to(device);
            adam.zeroGrad();
            Tensor loss = Vae.loss(vae.forward(x), x);
            loss.backward();
            adam.step();
            losses.add(loss.item() / b.size());
        }
        return losses;
    }

    /** The mean loss per image over {@code test}, with the code's mean as the code (no sampling). */
    static double testLoss(Vae vae, DataLoader test, Device device) {
        vae.eval();
        double sum = 0;
        int n = 0;
        try (var noGrad = Autograd.noGrad()) {
            for (Batch b : test) {
                Tensor x = b.inputs().to(device);
                sum += Vae.loss(vae.forward(x), x).item();
                n += b.size();
            }
        }
        return sum / n;
    }

    public static void main(String[] args) {
        Settings o = Settings.parse(args);
        FashionMnist data = o.sample ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s%s: %d training and %d test images%n", data.source(),
                data.isSample() ? " (the shipped sample)" : "", data.train().size(), data.test().size());
        Tensor.manualSeed(o.seed);
        Device device = Device.defaultDevice();
        Vae vae = new Vae().to(device);
        Adam adam = new Adam(vae.parameters(), o.lr);
        DataLoader train = DataLoader.builder(data.train()).batchSize(o.batch).shuffle(o.seed).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
        Tensor fixedCodes = Tensor.randn(device, DType.FLOAT32, 64, 20);
        Tensor firstTest = data.test().inputs().narrow(0, 0, 8).to(device);
        for (int epoch = 1; epoch <= o.epochs; epoch++) {
            long start = System.nanoTime();
            List<Double> losses = trainEpoch(vae, adam, train, device);
            double seconds = (System.nanoTime() - start) / 1e9;
            double trainLoss = losses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf("epoch %d: train loss %.2f, test loss %.2f per image, %.1f s%n",
                    epoch, trainLoss, testLoss(vae, test, device), seconds);
            try (var noGrad = Autograd.noGrad()) {
                vae.eval();
                Tensor reconstructed = vae.forward(firstTest).reconstruction().reshape(8, 1, 28, 28);
                Images.save(Tensor.cat(0, firstTest, reconstructed), o.out.resolve("reconstruction_" + epoch + ".png"));
                Images.save(vae.decode(fixedCodes).reshape(64, 1, 28, 28), o.out.resolve("sample_" + epoch + ".png"));
            }
        }
        vae.save(o.out.resolve("vae.safetensors"));
        System.out.println("Wrote the images and vae.safetensors to " + o.out.toAbsolutePath());
    }

    private record Settings(int epochs, int batch, double lr, long seed, Path out, boolean sample) {
        static Settings parse(String[] raw) {
            Options o = Options.parse(raw, "--epochs", "10", "--batch", "128", "--lr", "1e-3", "--seed", "1", "--out", "target/vae",
                    "--sample", "false");
            return new Settings(o.integer("--epochs"), o.integer("--batch"), o.real("--lr"), o.longValue("--seed"), o.path("--out"),
                    o.flag("--sample"));
        }
    }
}
