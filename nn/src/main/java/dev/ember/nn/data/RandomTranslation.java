package dev.ember.nn.data;

import dev.ember.Generator;

/**
 * Shifts each image by a whole number of pixels drawn uniformly from {@code [-maxDx, maxDx]} (right positive)
 * and {@code [-maxDy, maxDy]} (down positive), or from given ranges; pixels shifted in from outside are 0.
 *
 * <pre>{@code
 * Augmentation shift = new RandomTranslation(2, 2, new Generator(1));    // up to 2 pixels each way
 * }</pre>
 */
public final class RandomTranslation extends GeometricAugmentation {
    private final int minDx;
    private final int maxDx;
    private final int minDy;
    private final int maxDy;

    /** Shifts uniform on {@code [-maxDx, maxDx]} and {@code [-maxDy, maxDy]}. */
    public RandomTranslation(int maxDx, int maxDy, Generator generator) {
        this(-Math.abs(maxDx), maxDx, -Math.abs(maxDy), maxDy, generator);
    }

    /** Shifts uniform on {@code [minDx, maxDx]} and {@code [minDy, maxDy]}; {@code (1, 1, 0, 0)} moves every image one pixel right. */
    public RandomTranslation(int minDx, int maxDx, int minDy, int maxDy, Generator generator) {
        super(generator, 2);
        if (minDx > maxDx || minDy > maxDy) {
            throw new IllegalArgumentException("RandomTranslation: need min <= max, got dx [" + minDx + ", " + maxDx + "], dy [" + minDy + ", " + maxDy + "]");
        }
        this.minDx = minDx;
        this.maxDx = maxDx;
        this.minDy = minDy;
        this.maxDy = maxDy;
    }

    @Override
    protected void sourceMap(float[] u, int offset, int height, int width, double[] m) {
        identity(m);
        m[2] = -shift(minDx, maxDx, u[offset]);
        m[5] = -shift(minDy, maxDy, u[offset + 1]);
    }

    /** A whole number uniform on {@code [min, max]}. */
    private static int shift(int min, int max, float u) { return min + Math.min(max - min, (int) Math.floor(u * (max - min + 1))); }

    @Override
    public String toString() { return "RandomTranslation(dx [" + minDx + ", " + maxDx + "], dy [" + minDy + ", " + maxDy + "])"; }
}
