package dev.ember.nn.data;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * An augmentation that moves pixels: each image gets its own affine map, drawn at random, from output pixel to
 * source pixel (coordinates relative to the image centre), read with nearest-neighbour sampling; a source outside
 * the image reads 0. The maps are computed on the host as one index per output pixel, and the pixels are moved
 * with a single {@code gather} over the whole batch, so the work runs on the images' own device.
 */
public abstract class GeometricAugmentation implements Augmentation {
    private final Generator generator;
    private final int randoms;

    /** {@code randoms}: how many uniform [0, 1) numbers each image needs. */
    protected GeometricAugmentation(Generator generator, int randoms) {
        if (generator == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": generator is null");
        this.generator = generator;
        this.randoms = randoms;
    }

    /**
     * Fills {@code m} with the map for one image from its random numbers {@code u[offset .. offset + randoms)}:
     * the source of output pixel {@code (x, y)} is {@code (m0 x + m1 y + m2, m3 x + m4 y + m5)}, both relative to
     * the centre {@code ((W-1)/2, (H-1)/2)}, x to the right and y down.
     */
    protected abstract void sourceMap(float[] u, int offset, int height, int width, double[] m);

    @Override
    public Tensor augment(Tensor images) {
        Augmentation.checkImages(getClass().getSimpleName(), images);
        int n = images.size(0);
        int c = images.size(1);
        int h = images.size(2);
        int w = images.size(3);
        int pixels = h * w;
        try (var g = Autograd.noGrad()) {
            float[] u = randoms == 0 || n == 0 ? new float[0] : generator.rand(n, randoms).toFloatArray();
            long[] index = new long[n * pixels];
            double[] m = new double[6];
            double cx = (w - 1) / 2.0;
            double cy = (h - 1) / 2.0;
            for (int i = 0; i < n; i++) {
                sourceMap(u, i * randoms, h, w, m);
                int base = i * pixels;
                for (int y = 0; y < h; y++) {
                    double ry = y - cy;
                    double sx0 = m[1] * ry + m[2] + cx;
                    double sy0 = m[4] * ry + m[5] + cy;
                    for (int x = 0; x < w; x++) {
                        double rx = x - cx;
                        // +0.5 then floor rounds half up; a tiny epsilon keeps exact maps (90 degrees) off the edge
                        long sx = (long) Math.floor(m[0] * rx + sx0 + 0.5 + 1e-9);
                        long sy = (long) Math.floor(m[3] * rx + sy0 + 0.5 + 1e-9);
                        index[base + y * w + x] = sx >= 0 && sx < w && sy >= 0 && sy < h ? sy * w + sx : pixels;
                    }
                }
            }
            Tensor flat = images.reshape(n, c, pixels);
            // one extra zero pixel per channel: the source of everything that maps outside the image
            Tensor padded = Tensor.cat(2, flat, Tensor.zeros(images.device(), images.dtype(), n, c, 1));
            Tensor idx = Tensor.of(index, n, 1, pixels);
            if (!idx.device().equals(images.device())) idx = idx.to(images.device());
            return padded.gather(2, idx.expand(n, c, pixels)).reshape(n, c, h, w);
        }
    }

    static void identity(double[] m) {
        m[0] = 1; m[1] = 0; m[2] = 0;
        m[3] = 0; m[4] = 1; m[5] = 0;
    }

    /** A uniform number in {@code [low, high]} from {@code u} in [0, 1). */
    static double between(double low, double high, float u) { return low + (high - low) * u; }

}
