package dev.ember.nn.data;

import dev.ember.Generator;

/**
 * Mirrors each image left-right ({@link #horizontal}) or top-bottom ({@link #vertical}) with probability
 * {@code p}, as torchvision's {@code RandomHorizontalFlip} / {@code RandomVerticalFlip}.
 *
 * <pre>{@code
 * Augmentation flip = RandomFlip.horizontal(0.5, new Generator(1));
 * }</pre>
 */
public final class RandomFlip extends GeometricAugmentation {
    private final boolean horizontal;
    private final double p;

    private RandomFlip(boolean horizontal, double p, Generator generator) {
        super(generator, 1);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomFlip: p must be in [0, 1], got " + p);
        this.horizontal = horizontal;
        this.p = p;
    }

    public static RandomFlip horizontal(double p, Generator generator) { return new RandomFlip(true, p, generator); }

    public static RandomFlip vertical(double p, Generator generator) { return new RandomFlip(false, p, generator); }

    @Override
    protected void sourceMap(float[] u, int offset, int height, int width, double[] m) {
        identity(m);
        if (u[offset] < p) {
            if (horizontal) m[0] = -1;
            else m[4] = -1;
        }
    }

    @Override
    public String toString() { return "RandomFlip(" + (horizontal ? "horizontal" : "vertical") + ", p=" + p + ")"; }
}
