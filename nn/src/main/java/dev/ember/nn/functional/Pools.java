package dev.ember.nn.functional;

import dev.ember.Tensor;
import dev.ember.backend.PoolGeometry;

import java.util.Arrays;

/**
 * Sliding-window max, average and power-average pooling of {@code [N, C, L]} and {@code [N, C, H, W]}, as
 * PyTorch's {@code F.max_pool1d/2d}, {@code F.avg_pool1d/2d} and {@code F.lp_pool1d/2d}. The pooling layers
 * call these.
 *
 * <p>Average pooling counts padded zeros in each window's mean unless {@code countIncludePad} is false, as in
 * PyTorch (where it is true by default). The engine op {@link Tensor#avgPool2d(PoolGeometry)} leaves padding
 * out, so counting it pads with real zeros first.
 */
final class Pools {
    private Pools() {}

    static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) {
        check1d("maxPool1d", x, kernel, stride, padding);
        return x.maxPool1d(kernel, stride, padding);
    }

    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        PoolGeometry g = geometry2d("maxPool2d", x, kernel, stride, padding);
        return x.maxPool2dWithIndices(g).values();
    }

    static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        check1d("avgPool1d", x, kernel, stride, padding);
        if (!countIncludePad || padding == 0) return x.avgPool1d(kernel, stride, padding);
        int[] s = x.shape();
        s[2] = padding;
        Tensor zeros = Tensor.zeros(x.device(), x.dtype(), s);
        return Tensor.cat(2, zeros, x, zeros).avgPool1d(kernel, stride, 0);
    }

    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        PoolGeometry g = geometry2d("avgPool2d", x, kernel, stride, padding);
        if (!countIncludePad || (g.padH() == 0 && g.padW() == 0)) return x.avgPool2d(g);
        Tensor padded = zeroPad2d(x, g.padH(), g.padW());
        return padded.avgPool2d(new PoolGeometry(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), 0, 0));
    }

    /** {@code (sum over the window of x^p)^(1/p)}; as in PyTorch, {@code x^p} is not taken in absolute value. */
    static Tensor lpPool1d(Tensor x, double p, int kernel, int stride) {
        Checks.positive("lpPool1d", "power p", p);
        check1d("lpPool1d", x, kernel, stride, 0);
        return x.pow(p).avgPool1d(kernel, stride, 0).mul((double) kernel).pow(1 / p);
    }

    static Tensor lpPool2d(Tensor x, double p, int[] kernel, int[] stride) {
        Checks.positive("lpPool2d", "power p", p);
        PoolGeometry g = geometry2d("lpPool2d", x, kernel, stride, new int[] {0, 0});
        // PyTorch's own formula: the window mean of x^p, times the window's size, to the 1/p
        return x.pow(p).avgPool2d(g).mul((double) g.kernelH() * g.kernelW()).pow(1 / p);
    }

    private static void check1d(String fn, Tensor x, int kernel, int stride, int padding) {
        Checks.notNull(fn, "input", x);
        Checks.atLeast(fn, "kernel", kernel, 1);
        Checks.atLeast(fn, "stride", stride, 1);
        Checks.atLeast(fn, "padding", padding, 0);
        if (2 * padding > kernel) {
            throw new IllegalArgumentException(fn + ": padding must be at most half the kernel, got padding " + padding
                    + " for kernel " + kernel);
        }
        if (x.rank() != 3) throw Checks.wrongShape(fn, "input", "[N, C, L]", x);
        if (Checks.outputSize(x.size(2), kernel, padding, stride, 1) < 1) {
            throw Checks.wrongShape(fn, "input", "[N, C, L] with L >= " + (kernel - 2 * padding), x);
        }
    }

    /** Checks the input and settings; {@code stride} null means the window's size. */
    private static PoolGeometry geometry2d(String fn, Tensor x, int[] kernel, int[] stride, int[] padding) {
        Checks.notNull(fn, "input", x);
        kernel = Checks.pair(fn, "kernel", kernel, 1);
        stride = stride == null ? kernel : Checks.pair(fn, "stride", stride, 1);
        padding = Checks.pair(fn, "padding", padding, 0);
        for (int i = 0; i < 2; i++) {
            if (2 * padding[i] > kernel[i]) {
                throw new IllegalArgumentException(fn + ": padding must be at most half the kernel, got padding "
                        + Arrays.toString(padding) + " for kernel " + Arrays.toString(kernel));
            }
        }
        if (x.rank() != 4) throw Checks.wrongShape(fn, "input", "[N, C, H, W]", x);
        if (Checks.outputSize(x.size(2), kernel[0], padding[0], stride[0], 1) < 1
                || Checks.outputSize(x.size(3), kernel[1], padding[1], stride[1], 1) < 1) {
            throw Checks.wrongShape(fn, "input", "[N, C, H, W] with H >= " + (kernel[0] - 2 * padding[0]) + " and W >= "
                    + (kernel[1] - 2 * padding[1]), x);
        }
        return new PoolGeometry(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
    }

    /** {@code x} with {@code padH} zero rows above and below and {@code padW} zero columns either side. */
    static Tensor zeroPad2d(Tensor x, int padH, int padW) {
        Tensor out = x;
        if (padH > 0) {
            int[] s = out.shape();
            s[2] = padH;
            Tensor rows = Tensor.zeros(out.device(), out.dtype(), s);
            out = Tensor.cat(2, rows, out, rows);
        }
        if (padW > 0) {
            int[] s = out.shape();
            s[3] = padW;
            Tensor cols = Tensor.zeros(out.device(), out.dtype(), s);
            out = Tensor.cat(3, cols, out, cols);
        }
        return out;
    }
}
