package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x} where {@code x > 0}, else {@code slope * x}, as PyTorch's {@code nn.LeakyReLU} (default slope 0.01),
 * so negative inputs keep a small gradient.
 *
 * <pre>{@code
 * Tensor h = new LeakyReLU(0.2).forward(x);
 * }</pre>
 */
public final class LeakyReLU extends Module {
    private final double slope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + negativeSlope);
        }
        this.slope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) { return x.leakyRelu(slope); }

    public double negativeSlope() { return slope; }

    @Override
    protected String describe() { return "LeakyReLU(negativeSlope=" + slope + ")"; }
}
