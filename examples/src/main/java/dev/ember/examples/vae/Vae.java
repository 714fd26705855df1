package dev.ember.examples.vae;

import dev.ember.Tensor;
import dev.ember.nn.TypedModule;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.loss.BCELoss;
import dev.ember.nn.loss.Reduction;

/**
 * The variational autoencoder of PyTorch's {@code examples/vae} (Kingma and Welling): 784 -> 400 -> (mean, log
 * variance) of a 20-dim code; a code drawn with the reparameterisation trick decodes 20 -> 400 -> 784 through a
 * sigmoid. One input, three outputs: a {@link TypedModule} returning an {@link Output} record.
 */
public final class Vae extends TypedModule<Tensor, Vae.Output> {
    /** The decoded images {@code [N, 784]} in (0, 1), and the code's mean and log variance {@code [N, latent]}. */
    public record Output(Tensor reconstruction, Tensor mean, Tensor logVar) {}

    private static final BCELoss BCE = new BCELoss(Reduction.SUM);

    private final Linear encode = child("encode", new Linear(784, 400));
    private final Linear mean = child("mean", new Linear(400, 20));
    private final Linear logVar = child("logVar", new Linear(400, 20));
    private final Linear expand = child("expand", new Linear(20, 400));
    private final Linear decode = child("decode", new Linear(400, 784));

    /** Images {@code [N, 1, 28, 28]} (or {@code [N, 784]}) in [0, 1]. */
    @Override
    public Output forward(Tensor images) {
        Tensor h = encode.forward(images.flatten(1)).relu();
        Tensor mu = mean.forward(h);
        Tensor lv = logVar.forward(h);
        // z = mu + eps * sigma: the noise is an input, so gradients reach mu and log variance
        Tensor z = isTraining() ? mu.add(Tensor.randnLike(mu).mul(lv.mul(0.5).exp())) : mu;
        return new Output(decode(z), mu, lv);
    }

    /** Codes {@code [N, 20]} to images {@code [N, 784]} in (0, 1). */
    public Tensor decode(Tensor z) { return decode.forward(expand.forward(z).relu()).sigmoid(); }

    /**
     * The negative evidence lower bound, summed over the batch as PyTorch's example does: reconstruction binary
     * cross-entropy plus {@code KL(q(z|x) || N(0, I)) = -1/2 sum(1 + log var - mean^2 - var)}.
     */
    public static Tensor loss(Output out, Tensor images) {
        Tensor reconstruction = BCE.apply(out.reconstruction(), images.flatten(1));
        Tensor kl = out.logVar().add(1).sub(out.mean().square()).sub(out.logVar().exp()).sum().mul(-0.5);
        return reconstruction.add(kl);
    }
}
