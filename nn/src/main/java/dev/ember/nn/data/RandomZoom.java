package dev.ember.nn.data;

import dev.ember.Generator;

/**
 * Scales each image about its centre by a factor drawn uniformly from {@code [minScale, maxScale]}: above 1
 * zooms in (the edges are cut off), below 1 zooms out (the border is 0).
 *
 * <pre>{@code
 * Augmentation zoom = new RandomZoom(0.9, 1.1, new Generator(1));
 * }</pre>
 */
public final class RandomZoom extends GeometricAugmentation {
    private final double minScale;
    private final double maxScale;

    public RandomZoom(double minScale, double maxScale, Generator generator) {
        super(generator, 1);
        if (!(minScale > 0 && minScale <= maxScale)) {
            throw new IllegalArgumentException("RandomZoom: need 0 < minScale <= maxScale, got " + minScale + ", " + maxScale);
        }
        this.minScale = minScale;
        this.maxScale = maxScale;
    }

    @Override
    protected void sourceMap(float[] u, int offset, int height, int width, double[] m) {
        identity(m);
        double s = between(minScale, maxScale, u[offset]);
        m[0] = 1 / s;
        m[4] = 1 / s;
    }

    @Override
    public String toString() { return "RandomZoom(" + minScale + ", " + maxScale + ")"; }
}
