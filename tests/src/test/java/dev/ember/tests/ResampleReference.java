package dev.ember.tests;

import dev.ember.InterpolationMode;
import dev.ember.PaddingMode;

/**
 * Float64 loops for the indexing, padding and resampling family, written from the ops' definitions (direct 2-D
 * sums rather than Ember's one-dim-at-a-time gathers), sharing no code with the engine.
 */
final class ResampleReference {
    private ResampleReference() {}

    /** {@code x[..., idx[i]] += alpha * src[..., i]} (or {@code =} when {@code copy}) along the last dim. */
    static double[] indexAdd(double[] x, int[] xs, long[] idx, double[] src, double alpha, boolean copy) {
        int n = xs[xs.length - 1], rows = x.length / n, m = idx.length;
        double[] out = x.clone();
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < m; i++) {
                int at = row * n + (int) idx[i];
                double s = src[row * m + i];
                out[at] = copy ? s : out[at] + alpha * s;
            }
        return out;
    }

    /** The last dim padded by {@code left} and {@code right} as PyTorch's modes define it. */
    static double[] pad1d(double[] x, int[] xs, int left, int right, PaddingMode mode, double value) {
        int n = xs[xs.length - 1], rows = x.length / n, w = n + left + right;
        double[] out = new double[rows * w];
        for (int row = 0; row < rows; row++)
            for (int j = 0; j < w; j++) {
                int s = j - left;
                double v;
                if (s >= 0 && s < n) v = x[row * n + s];
                else v = switch (mode) {
                    case CONSTANT -> value;
                    case REPLICATE -> x[row * n + (s < 0 ? 0 : n - 1)];
                    case REFLECT -> x[row * n + (s < 0 ? -s : 2 * n - 2 - s)];   // the edge element is the mirror
                    case CIRCULAR -> x[row * n + (s < 0 ? s + n : s - n)];
                };
                out[row * w + j] = v;
            }
        return out;
    }

    /** Resamples each plane of {@code [N, C, H, W]} to {@code oh x ow}, each output a direct sum over its taps. */
    static double[] interpolate2d(double[] x, int[] xs, int oh, int ow, InterpolationMode mode, boolean align) {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3];
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double sum = 0;
                    Taps th = taps(i, h, oh, mode, align), tw = taps(j, w, ow, mode, align);
                    for (int a = 0; a < th.at.length; a++)
                        for (int b = 0; b < tw.at.length; b++) sum += th.weight[a] * tw.weight[b] * x[(p * h + th.at[a]) * w + tw.at[b]];
                    out[(p * oh + i) * ow + j] = sum;
                }
        return out;
    }

    private record Taps(int[] at, double[] weight) {}

    /** The input positions and weights that output position {@code j} of {@code out} reads from {@code in}. */
    private static Taps taps(int j, int in, int out, InterpolationMode mode, boolean align) {
        switch (mode) {
            case NEAREST, NEAREST_EXACT -> {
                float scale = (float) in / out;   // PyTorch defines the nearest index with a float32 scale
                double src = mode == InterpolationMode.NEAREST ? j * scale : (float) ((j + 0.5) * scale);
                return new Taps(new int[] {Math.min((int) Math.floor(src), in - 1)}, new double[] {1});
            }
            case BILINEAR -> {
                double src = align ? (out > 1 ? j * (in - 1.0) / (out - 1) : 0) : Math.max((j + 0.5) * in / out - 0.5, 0);
                int i0 = (int) Math.floor(src);
                double f = src - i0;
                return new Taps(new int[] {i0, Math.min(i0 + 1, in - 1)}, new double[] {1 - f, f});
            }
            case BICUBIC -> {
                double src = align ? (out > 1 ? j * (in - 1.0) / (out - 1) : 0) : (j + 0.5) * in / out - 0.5;
                int base = (int) Math.floor(src);
                int[] at = new int[4];
                double[] weight = new double[4];
                for (int k = 0; k < 4; k++) {
                    at[k] = Math.max(0, Math.min(base - 1 + k, in - 1));   // taps past the border repeat the edge
                    weight[k] = cubic(Math.abs(src - (base - 1 + k)));
                }
                return new Taps(at, weight);
            }
            default -> throw new IllegalArgumentException("no 2-D reference for " + mode);
        }
    }

    /** Keys' cubic convolution kernel with {@code a = -0.75}. */
    private static double cubic(double d) {
        double a = -0.75;
        if (d <= 1) return (a + 2) * d * d * d - (a + 3) * d * d + 1;
        if (d < 2) return a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a;
        return 0;
    }

    /** im2col of {@code [N, C, H, W]}: {@code [N, C * kh * kw, L]}, zeros where a tap falls on the padding. */
    static double[] unfold(double[] x, int[] xs, int[] k, int[] d, int[] p, int[] s) {
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0] + 1, ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1] + 1;
        double[] out = new double[n * c * k[0] * k[1] * oh * ow];
        int at = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int u = 0; u < k[0]; u++)
                    for (int v = 0; v < k[1]; v++)
                        for (int i = 0; i < oh; i++)
                            for (int j = 0; j < ow; j++) {
                                int r = i * s[0] - p[0] + u * d[0], q = j * s[1] - p[1] + v * d[1];
                                out[at++] = r < 0 || r >= h || q < 0 || q >= w ? 0 : x[((b * c + ch) * h + r) * w + q];
                            }
        return out;
    }

    /** col2im: each column entry added to the input position its tap reads; taps on the padding are dropped. */
    static double[] fold(double[] cols, int[] cs, int[] size, int[] k, int[] d, int[] p, int[] s) {
        int n = cs[0], c = cs[1] / (k[0] * k[1]), h = size[0], w = size[1];
        int oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0] + 1, ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1] + 1;
        double[] out = new double[n * c * h * w];
        int at = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int u = 0; u < k[0]; u++)
                    for (int v = 0; v < k[1]; v++)
                        for (int i = 0; i < oh; i++)
                            for (int j = 0; j < ow; j++) {
                                int r = i * s[0] - p[0] + u * d[0], q = j * s[1] - p[1] + v * d[1];
                                double val = cols[at++];
                                if (r >= 0 && r < h && q >= 0 && q < w) out[((b * c + ch) * h + r) * w + q] += val;
                            }
        return out;
    }
}
