package dev.ember.examples.gan;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.loss.BCEWithLogitsLoss;
import dev.ember.nn.optim.Adam;

/**
 * A generative adversarial network (Goodfellow et al.) and its training step, written by hand with one optimizer
 * per network: the discriminator {@code D} (a logit: real or generated) learns to tell data from the generator's
 * samples, then the generator {@code G} (noise to a sample) learns to make {@code D} answer "real" (the
 * non-saturating loss {@code -log D(G(z))}).
 */
final class Gan {
    /** The two losses of one step, for the log. */
    record Losses(double discriminator, double generator) {}

    private static final BCEWithLogitsLoss BCE = new BCEWithLogitsLoss();

    final Module generator;
    final Module discriminator;
    final int noiseSize;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;

    /** Adam with {@code beta1 = 0.5}, as DCGAN trains both networks. */
    Gan(Module generator, Module discriminator, int noiseSize, double lr) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.noiseSize = noiseSize;
        generatorOptimizer = new Adam(generator.parameters(), lr, 0.5, 0.999, 1e-8, 0, false);
        discriminatorOptimizer = new Adam(discriminator.parameters(), lr, 0.5, 0.999, 1e-8, 0, false);
    }

    /** One step of each network on a batch of real samples. */
    Losses step(Tensor real) {
        int n = real.size(0);
        Tensor ones = Tensor.ones(n, 1);
        Tensor zeros = Tensor.zeros(n, 1);
        Tensor fake = generator.forward(Tensor.randn(n, noiseSize));

        // D: real -> 1, generated -> 0; detach() keeps this step's gradient out of G
        Tensor dLoss = BCE.apply(discriminator.forward(real), ones).add(BCE.apply(discriminator.forward(fake.detach()), zeros));
        discriminatorOptimizer.zeroGrad();
        dLoss.backward();
        discriminatorOptimizer.step();

        // G: make the updated D say 1; the gradients this leaves in D are cleared by D's next zeroGrad
        Tensor gLoss = BCE.apply(discriminator.forward(fake), ones);
        generatorOptimizer.zeroGrad();
        gLoss.backward();
        generatorOptimizer.step();
        return new Losses(dLoss.item(), gLoss.item());
    }

    /** {@code n} samples from the generator, in eval mode and without a graph. */
    Tensor sample(int n) {
        try (var noGrad = dev.ember.Autograd.noGrad()) {
            generator.eval();
            Tensor samples = generator.forward(Tensor.randn(n, noiseSize));
            generator.train();
            return samples;
        }
    }
}
