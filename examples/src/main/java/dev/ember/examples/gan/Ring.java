package dev.ember.examples.gan;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * The GAN's first test bed: a mixture of {@code modes} Gaussians of standard deviation {@code std} with equal
 * weights, centred on a circle of radius {@code radius} (the "8 Gaussians" of the mode-collapse literature). A
 * generator that collapses onto a few modes is seen at once by {@link #coverage}.
 */
record Ring(int modes, double radius, double std) {
    /** A sample is "on" its nearest mode when it lies within 3 standard deviations of it, as VEEGAN counts. */
    static final double ON_MODE = 3;

    /** A mode counts as covered once it holds this fraction of what a perfect generator would put there. */
    static final double COVERED = 0.2;

    /** Points and their share of modes, from {@link #coverage}. */
    record Coverage(int modesCovered, double fractionOnModes, int[] perMode) {}

    Tensor center(int k) {
        double angle = 2 * Math.PI * k / modes;
        return Tensor.of(new float[] {(float) (radius * Math.cos(angle)), (float) (radius * Math.sin(angle))}, 2);
    }

    /** {@code n} points {@code [n, 2]}. */
    Tensor sample(int n, Generator generator) {
        Tensor mode = generator.randint(0, modes, n);
        double[] k = mode.toDoubleArray();
        float[] centres = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * k[i] / modes;
            centres[2 * i] = (float) (radius * Math.cos(angle));
            centres[2 * i + 1] = (float) (radius * Math.sin(angle));
        }
        return Tensor.of(centres, n, 2).add(generator.randn(n, 2).mul(std));
    }

    /** Which modes {@code points} {@code [n, 2]} cover and how many lie on a mode. */
    Coverage coverage(Tensor points) {
        float[] p = points.toFloatArray();
        int n = points.size(0);
        int[] perMode = new int[modes];
        int on = 0;
        for (int i = 0; i < n; i++) {
            double x = p[2 * i], y = p[2 * i + 1];
            int nearest = Math.floorMod((int) Math.round(Math.atan2(y, x) / (2 * Math.PI / modes)), modes);
            double angle = 2 * Math.PI * nearest / modes;
            double distance = Math.hypot(x - radius * Math.cos(angle), y - radius * Math.sin(angle));
            if (distance <= ON_MODE * std) {
                perMode[nearest]++;
                on++;
            }
        }
        int covered = 0;
        for (int c : perMode) if (c >= COVERED * n / modes) covered++;
        return new Coverage(covered, (double) on / n, perMode);
    }
}
