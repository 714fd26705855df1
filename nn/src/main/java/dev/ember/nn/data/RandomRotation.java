package dev.ember.nn.data;

import dev.ember.Generator;

/**
 * Rotates each image about its centre by an angle drawn uniformly from {@code [minDegrees, maxDegrees]},
 * counter-clockwise for positive angles (as torchvision's {@code RandomRotation}); nearest-neighbour sampling,
 * corners brought in from outside are 0. {@code new RandomRotation(90, 90, g)} is exactly {@code torch.rot90}.
 *
 * <pre>{@code
 * Augmentation rotate = new RandomRotation(-15, 15, new Generator(1));
 * }</pre>
 */
public final class RandomRotation extends GeometricAugmentation {
    private final double minDegrees;
    private final double maxDegrees;

    public RandomRotation(double minDegrees, double maxDegrees, Generator generator) {
        super(generator, 1);
        if (!(minDegrees <= maxDegrees)) throw new IllegalArgumentException("RandomRotation: need minDegrees <= maxDegrees, got " + minDegrees + ", " + maxDegrees);
        this.minDegrees = minDegrees;
        this.maxDegrees = maxDegrees;
    }

    @Override
    protected void sourceMap(float[] u, int offset, int height, int width, double[] m) {
        double a = Math.toRadians(between(minDegrees, maxDegrees, u[offset]));
        // turning the picture counter-clockwise with y pointing down: the source of (x, y) is R(-a) applied to it
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        m[0] = cos; m[1] = -sin; m[2] = 0;
        m[3] = sin; m[4] = cos;  m[5] = 0;
    }

    @Override
    public String toString() { return "RandomRotation(" + minDegrees + ", " + maxDegrees + ")"; }
}
