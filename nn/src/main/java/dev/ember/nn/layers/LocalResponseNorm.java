package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;

/**
 * Local response normalisation across channels, as PyTorch's {@code nn.LocalResponseNorm} (AlexNet's):
 * {@code x / (k + alpha/size * sum of x^2 over size neighbouring channels)^beta}, defaults alpha 1e-4,
 * beta 0.75, k 1.
 *
 * <pre>{@code
 * Tensor y = new LocalResponseNorm(5).forward(features);   // [N, C, H, W]
 * }</pre>
 */
public final class LocalResponseNorm extends Module {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    public LocalResponseNorm(int size) { this(size, 1e-4, 0.75, 1.0); }

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = Arguments.atLeast("LocalResponseNorm", "size", size, 1);
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3) throw wrongShape("[N, C, ...] with at least one spatial dim", x);
        return F.localResponseNorm(x, size, alpha, beta, k);
    }

    @Override
    protected String describe() { return "LocalResponseNorm(" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")"; }
}
