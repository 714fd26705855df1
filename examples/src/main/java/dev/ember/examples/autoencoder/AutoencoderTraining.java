package dev.ember.examples.autoencoder;

import dev.ember.Autograd;
import dev.ember.Tensor;
import dev.ember.examples.Options;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.io.Images;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Trainer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Trains an {@link Autoencoder} on Fashion-MNIST (the full set where Debian's package is installed, else the
 * shipped sample) to reproduce its input through a 32-number code: mean squared error, Adam at 1e-3. Prints the
 * test error after each epoch beside the error of always answering the mean training image (what a network that
 * ignores its code can reach), and writes {@code reconstructions.png}: 16 test images (rows 1 and 3) above their
 * reconstructions (rows 2 and 4).
 *
 * <pre>
 * --epochs N (default 5)   --code N (default 32)   --batch N (default 128)   --lr X (default 1e-3)
 * --seed N (default 1)     --out DIR (default target/autoencoder)   --sample
 * </pre>
 */
public final class AutoencoderTraining {
    private AutoencoderTraining() {}

    /** The autoencoder's own input is its target: the batches of a loader with the images as targets. */
    static DataLoader selfSupervised(DataLoader.Builder loader) {
        return loader.transform(b -> new Batch(b.inputs(), b.inputs())).build();
    }

    /** Trains for {@code epochs}; the history's {@code val_loss} is the test error per pixel. */
    static History train(Autoencoder model, DataLoader train, DataLoader test, int epochs, double lr) {
        return new Trainer(model, new MSELoss(), new Adam(model.parameters(), lr))
                .onEpochEnd((epoch, h) -> System.out.printf("epoch %d: train error %.4f, test error %.4f per pixel%n",
                        epoch, h.last("loss"), h.last("val_loss")))
                .fit(train, test, epochs);
    }

    /** The error per pixel of answering {@code mean} (an image) for every image of {@code images}. */
    static double meanImageError(Tensor mean, Tensor images) {
        try (var noGrad = Autograd.noGrad()) {
            return images.sub(mean).square().mean().item();
        }
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--epochs", "5", "--code", "32", "--batch", "128", "--lr", "1e-3",
                "--seed", "1", "--out", "target/autoencoder", "--sample", "false"));
        FashionMnist data = o.flag("--sample") ? FashionMnist.loadSample() : FashionMnist.load();
        System.out.printf("Fashion-MNIST from %s: %d training and %d test images%n", data.source(), data.train().size(), data.test().size());
        long seed = o.longValue("--seed");
        Tensor.manualSeed(seed);
        Autoencoder model = new Autoencoder(o.integer("--code"));
        DataLoader train = selfSupervised(DataLoader.builder(data.train()).batchSize(o.integer("--batch")).shuffle(seed));
        DataLoader test = selfSupervised(DataLoader.builder(data.test()).batchSize(1000));
        Tensor meanImage = data.train().inputs().mean(0);
        System.out.printf("the mean training image as the answer: test error %.4f per pixel%n", meanImageError(meanImage, data.test().inputs()));
        History h = train(model, train, test, o.integer("--epochs"), o.real("--lr"));

        Path png = o.path("--out").resolve("reconstructions.png");
        try (var noGrad = Autograd.noGrad()) {
            model.eval();
            Tensor originals = data.test().inputs().narrow(0, 0, 16);
            Tensor reconstructed = model.forward(originals);
            // rows of 8: originals, their reconstructions, the next originals, theirs
            Tensor rows = Tensor.cat(0, originals.narrow(0, 0, 8), reconstructed.narrow(0, 0, 8),
                    originals.narrow(0, 8, 8), reconstructed.narrow(0, 8, 8));
            Images.save(rows, png);
        }
        System.out.printf("Test error %.4f per pixel after %d epoch(s). Wrote %s%n", h.last("val_loss"), h.epochs(), png.toAbsolutePath());
    }
}
