package dev.ember.nn.io;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A batch of images as one picture: {@link #makeGrid} lays images {@code [N, C, H, W]} out in rows, and
 * {@link #save} writes that grid as a PNG, as torchvision's {@code utils.make_grid} and {@code utils.save_image}
 * do, with the same options and the same arithmetic: grey images ({@code C == 1}) become RGB, {@code normalize}
 * maps {@code valueRange} (default: the batch's min and max, or each image's with {@code scaleEach}) to [0, 1],
 * and a pixel {@code v} in [0, 1] is stored as the byte {@code (int) clamp(v * 255 + 0.5, 0, 255)}.
 *
 * <pre>{@code
 * Images.save(samples, Path.of("samples.png"));                                   // save_image(samples, ...)
 * Images.save(fakes, Path.of("fakes.png"), Images.Grid.defaults().nrow(10).normalize(true).valueRange(-1, 1));
 * Tensor grid = Images.makeGrid(batch, Images.Grid.defaults().padding(0));        // [3, H', W']
 * }</pre>
 */
public final class Images {
    private Images() {}

    /**
     * The options of torchvision's {@code make_grid}: {@code nrow} images per row, {@code padding} pixels around
     * each, filled with {@code padValue}; {@code normalize} shifts and scales to [0, 1] using {@code valueRange}
     * ({@code null}: the data's min and max), per image with {@code scaleEach}.
     */
    public record Grid(int nrow, int padding, boolean normalize, double[] valueRange, boolean scaleEach, double padValue) {
        public Grid {
            if (nrow < 1) throw new IllegalArgumentException("Images.Grid: nrow must be >= 1, got " + nrow);
            if (padding < 0) throw new IllegalArgumentException("Images.Grid: padding must be >= 0, got " + padding);
            if (valueRange != null && (valueRange.length != 2 || !(valueRange[0] <= valueRange[1]))) {
                throw new IllegalArgumentException("Images.Grid: valueRange must be {low, high} with low <= high, got " + Arrays.toString(valueRange));
            }
            valueRange = valueRange == null ? null : valueRange.clone();
        }

        /** torchvision's defaults: 8 per row, padding 2, no normalisation, padding value 0. */
        public static Grid defaults() { return new Grid(8, 2, false, null, false, 0); }

        public Grid nrow(int nrow) { return new Grid(nrow, padding, normalize, valueRange, scaleEach, padValue); }

        public Grid padding(int padding) { return new Grid(nrow, padding, normalize, valueRange, scaleEach, padValue); }

        public Grid normalize(boolean normalize) { return new Grid(nrow, padding, normalize, valueRange, scaleEach, padValue); }

        /** The values mapped to 0 and 1 when normalising (values outside are clamped). */
        public Grid valueRange(double low, double high) { return new Grid(nrow, padding, normalize, new double[] {low, high}, scaleEach, padValue); }

        public Grid scaleEach(boolean scaleEach) { return new Grid(nrow, padding, normalize, valueRange, scaleEach, padValue); }

        public Grid padValue(double padValue) { return new Grid(nrow, padding, normalize, valueRange, scaleEach, padValue); }

        @Override
        public double[] valueRange() { return valueRange == null ? null : valueRange.clone(); }
    }

    /** {@link #makeGrid(Tensor, Grid)} with torchvision's defaults. */
    public static Tensor makeGrid(Tensor images) { return makeGrid(images, Grid.defaults()); }

    /**
     * The images {@code [N, C, H, W]} ({@code [C, H, W]} and {@code [H, W]} are one image) in a grid
     * {@code [C', rows * (H + padding) + padding, cols * (W + padding) + padding]} of the input's float dtype,
     * on the CPU, where {@code cols = min(nrow, N)}, {@code rows = ceil(N / cols)} and {@code C' = 3} for grey
     * input; a single image comes back without padding, as torchvision's. Never records a gradient.
     */
    public static Tensor makeGrid(Tensor images, Grid grid) {
        if (!images.dtype().isFloating() || images.rank() < 2 || images.rank() > 4) {
            throw new IllegalArgumentException("Images.makeGrid: expected float images [N, C, H, W], [C, H, W] or [H, W], got "
                    + images.dtype() + " " + Arrays.toString(images.shape()));
        }
        try (var noGrad = Autograd.noGrad()) {
            Tensor x = images.detach().to(dev.ember.Device.CPU);
            if (x.rank() == 2) x = x.unsqueeze(0);
            if (x.rank() == 3) x = x.unsqueeze(0);
            if (x.size(1) == 1) x = Tensor.cat(1, x, x, x);
            if (x.size(0) == 0) throw new IllegalArgumentException("Images.makeGrid: no images in " + Arrays.toString(images.shape()));
            if (grid.normalize()) x = grid.scaleEach() ? normalizeEach(x, grid.valueRange) : normalize(x, grid.valueRange);
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            if (n == 1) return x.select(0, 0).contiguous();
            int cols = Math.min(grid.nrow(), n);
            int rows = (n + cols - 1) / cols;
            int pad = grid.padding();
            int cellH = h + pad, cellW = w + pad;
            int gridH = Math.addExact(Math.multiplyExact(cellH, rows), pad);
            int gridW = Math.addExact(Math.multiplyExact(cellW, cols), pad);
            double[] src = x.contiguous().toDoubleArray();
            double[] out = new double[Math.multiplyExact(Math.multiplyExact(c, gridH), gridW)];
            Arrays.fill(out, grid.padValue());
            for (int k = 0; k < n; k++) {
                int top = (k / cols) * cellH + pad, left = (k % cols) * cellW + pad;
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < h; i++) {
                        System.arraycopy(src, ((k * c + ch) * h + i) * w, out, (ch * gridH + top + i) * gridW + left, w);
                    }
                }
            }
            return Tensor.of(out, c, gridH, gridW).to(images.dtype());
        }
    }

    // torchvision's norm_ip: clamp to [low, high], then (x - low) / max(high - low, 1e-5), in the input's dtype
    private static Tensor normalize(Tensor x, double[] range) {
        double low = range != null ? range[0] : x.min().item();
        double high = range != null ? range[1] : x.max().item();
        return x.clamp(low, high).sub(low).div(Math.max(high - low, 1e-5));
    }

    private static Tensor normalizeEach(Tensor x, double[] range) {
        Tensor[] each = new Tensor[x.size(0)];
        for (int k = 0; k < each.length; k++) each[k] = normalize(x.narrow(0, k, 1), range);
        return Tensor.cat(0, each);
    }

    /** {@link #save(Tensor, Path, Grid)} with torchvision's defaults. */
    public static void save(Tensor images, Path png) { save(images, png, Grid.defaults()); }

    /**
     * Writes {@link #makeGrid} of {@code images} (values in [0, 1], or any range with {@code normalize}) as an
     * 8-bit RGB PNG, atomically (a failed write leaves the old file whole), as torchvision's {@code save_image}.
     * Throws {@link UncheckedIOException} when the file cannot be written, and {@link UnsupportedOperationException}
     * on a Java runtime without the {@code java.desktop} module (AWT), which encoding a PNG needs.
     */
    public static void save(Tensor images, Path png, Grid grid) {
        Tensor g = makeGrid(images, grid);
        if (g.size(0) != 1 && g.size(0) != 3) {
            throw new IllegalArgumentException("Images.save: a PNG takes 1 or 3 channels, got images " + Arrays.toString(images.shape()));
        }
        if (!ModuleLayer.boot().findModule("java.desktop").isPresent()) {
            throw new UnsupportedOperationException("Images.save(" + png + "): this Java runtime has no java.desktop module (AWT),"
                    + " which encoding a PNG needs; run on a full JDK");
        }
        int h = g.size(1), w = g.size(2);
        float[] bytes;
        try (var noGrad = Autograd.noGrad()) {
            // save_image's grid.mul(255).add_(0.5).clamp_(0, 255).to(uint8): round half up, in the grid's dtype
            bytes = g.mul(255).add(0.5).clamp(0, 255).to(DType.FLOAT32).toFloatArray();
        }
        int plane = h * w;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = (int) bytes[i];
                int gr = g.size(0) == 3 ? (int) bytes[plane + i] : r;
                int b = g.size(0) == 3 ? (int) bytes[2 * plane + i] : r;
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        try {
            AtomicFile.write(png, channel -> {
                OutputStream out = Channels.newOutputStream(channel); // not closed here: AtomicFile forces, then closes the channel
                if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JVM");
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Images.save: cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /** The pixels of a PNG as a float32 tensor {@code [3, H, W]} in [0, 1] (each byte / 255), to check a saved file. */
    public static Tensor readPng(Path png) {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Images.readPng: cannot read " + png + ": " + e.getMessage(), e);
        }
        if (image == null) throw new UncheckedIOException(new IOException("Images.readPng: " + png + " is not an image ImageIO can read"));
        int h = image.getHeight(), w = image.getWidth();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                for (int ch = 0; ch < 3; ch++) out[(ch * h + y) * w + x] = ((rgb >> (16 - 8 * ch)) & 0xFF) / 255f;
            }
        }
        return Tensor.of(out, 3, h, w);
    }
}
