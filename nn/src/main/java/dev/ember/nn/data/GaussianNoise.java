package dev.ember.nn.data;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * Adds independent normal noise of standard deviation {@code std} to every pixel, optionally clamping the result
 * to {@code [low, high]} (e.g. [0, 1] for images scaled that way).
 *
 * <pre>{@code
 * Augmentation noise = new GaussianNoise(0.05, 0, 1, new Generator(1));
 * }</pre>
 */
public final class GaussianNoise implements Augmentation {
    private final double std;
    private final double low;
    private final double high;
    private final Generator generator;

    /** Unclamped noise. */
    public GaussianNoise(double std, Generator generator) { this(std, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, generator); }

    public GaussianNoise(double std, double low, double high, Generator generator) {
        if (!(std >= 0)) throw new IllegalArgumentException("GaussianNoise: std must be >= 0, got " + std);
        if (!(low < high)) throw new IllegalArgumentException("GaussianNoise: need low < high, got [" + low + ", " + high + "]");
        if (generator == null) throw new IllegalArgumentException("GaussianNoise: generator is null");
        this.std = std;
        this.low = low;
        this.high = high;
        this.generator = generator;
    }

    @Override
    public Tensor augment(Tensor images) {
        Augmentation.checkImages("GaussianNoise", images);
        try (var g = Autograd.noGrad()) {
            Tensor noise = generator.randn(images.dtype(), images.shape());
            if (!noise.device().equals(images.device())) noise = noise.to(images.device());
            Tensor out = images.add(noise.mul(std));
            return Double.isInfinite(low) && Double.isInfinite(high) ? out : out.clamp(low, high);
        }
    }

    @Override
    public String toString() { return "GaussianNoise(std=" + std + ")"; }
}
