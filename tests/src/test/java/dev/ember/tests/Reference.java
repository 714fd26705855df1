package dev.ember.tests;

import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Independent float64 computations the engine is checked against: plain loops over row-major Java arrays,
 * sharing no code with the engine (its own broadcasting, reduction, matmul, convolution and pooling).
 */
final class Reference {
    private Reference() {}

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Position in an input of {@code inShape} of output element {@code linear} under broadcasting. */
    static int sourceIndex(int[] outShape, int linear, int[] inShape) {
        int[] coord = new int[outShape.length];
        for (int d = outShape.length - 1; d >= 0; d--) {
            coord[d] = linear % outShape[d];
            linear /= outShape[d];
        }
        int idx = 0;
        int lead = outShape.length - inShape.length;
        for (int d = 0; d < inShape.length; d++) {
            int c = inShape[d] == 1 ? 0 : coord[d + lead];
            idx = idx * inShape[d] + c;
        }
        return idx;
    }

    static double[] binary(double[] a, int[] as, double[] b, int[] bs, DoubleBinaryOperator f) {
        int[] os = broadcastShape(as, bs);
        double[] out = new double[numel(os)];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a[sourceIndex(os, i, as)], b[sourceIndex(os, i, bs)]);
        }
        return out;
    }

    /** {@code x + value * t1 * t2} with all three broadcast to their common shape. */
    static double[] addcmul(double[] x, int[] xs, double[] t1, int[] s1, double[] t2, int[] s2, double value) {
        int[] os = broadcastShape(broadcastShape(xs, s1), s2);
        double[] out = new double[numel(os)];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[sourceIndex(os, i, xs)] + value * t1[sourceIndex(os, i, s1)] * t2[sourceIndex(os, i, s2)];
        }
        return out;
    }

    /** For each position of the kept dims (row-major), the reduced elements in row-major order. */
    static double[] reduce(double[] x, int[] shape, int[] dims, ToDoubleFunction<double[]> f) {
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) reduced[d] = true;
        if (dims.length == 0) java.util.Arrays.fill(reduced, true);
        int outCount = 1;
        int groupSize = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) groupSize *= shape[d];
            else outCount *= shape[d];
        }
        double[][] groups = new double[outCount][groupSize];
        int[] fill = new int[outCount];
        int[] coord = new int[shape.length];
        for (int i = 0; i < x.length; i++) {
            int rem = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                coord[d] = rem % shape[d];
                rem /= shape[d];
            }
            int o = 0;
            for (int d = 0; d < shape.length; d++) if (!reduced[d]) o = o * shape[d] + coord[d];
            groups[o][fill[o]++] = x[i];
        }
        double[] out = new double[outCount];
        for (int o = 0; o < outCount; o++) out[o] = f.applyAsDouble(groups[o]);
        return out;
    }

    /** Batched {@code [B, M, K] x [B, K, N]}. */
    static double[] matmul(double[] a, double[] b, int batches, int m, int k, int n) {
        double[] c = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[(t * m + i) * k + p] * b[(t * k + p) * n + j];
                    c[(t * m + i) * n + j] = s;
                }
            }
        }
        return c;
    }

    /** Direct convolution (cross-correlation, as in every framework) of {@code [N,C,H,W]} by {@code [M,C/g,kH,kW]}. */
    static double[] conv2d(double[] x, int[] xs, double[] w, int[] ws, int sh, int sw, int ph, int pw, int dh, int dw,
                           int groups) {
        double[] y = new double[numel(convOutShape(xs, ws, sh, sw, ph, pw, dh, dw))];
        eachConvTap(xs, ws, sh, sw, ph, pw, dh, dw, groups, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
        return y;
    }

    /** The gradient of {@link #conv2d} with respect to its input, for output gradient {@code dy}. */
    static double[] conv2dInputGrad(double[] dy, int[] xs, double[] w, int[] ws, int sh, int sw, int ph, int pw, int dh,
                                    int dw, int groups) {
        double[] dx = new double[numel(xs)];
        eachConvTap(xs, ws, sh, sw, ph, pw, dh, dw, groups, (xi, wi, yi) -> dx[xi] += dy[yi] * w[wi]);
        return dx;
    }

    /** The gradient of {@link #conv2d} with respect to its weight, for output gradient {@code dy}. */
    static double[] conv2dWeightGrad(double[] x, int[] xs, double[] dy, int[] ws, int sh, int sw, int ph, int pw, int dh,
                                     int dw, int groups) {
        double[] dwt = new double[numel(ws)];
        eachConvTap(xs, ws, sh, sw, ph, pw, dh, dw, groups, (xi, wi, yi) -> dwt[wi] += dy[yi] * x[xi]);
        return dwt;
    }

    static int[] convOutShape(int[] xs, int[] ws, int sh, int sw, int ph, int pw, int dh, int dw) {
        return new int[] {xs[0], ws[0], (xs[2] + 2 * ph - dh * (ws[2] - 1) - 1) / sh + 1, (xs[3] + 2 * pw - dw * (ws[3] - 1) - 1) / sw + 1};
    }

    private interface Tap {
        void visit(int xIndex, int wIndex, int yIndex);
    }

    /** Every (input, weight, output) triple of a convolution that falls inside the input (not on padding). */
    private static void eachConvTap(int[] xs, int[] ws, int sh, int sw, int ph, int pw, int dh, int dw, int groups, Tap tap) {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int m = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int[] ys = convOutShape(xs, ws, sh, sw, ph, pw, dh, dw);
        int oh = ys[2], ow = ys[3];
        int mg = m / groups;
        for (int b = 0; b < n; b++)
            for (int f = 0; f < m; f++) {
                int g = f / mg;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        for (int ci = 0; ci < cg; ci++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int r = i * sh - ph + u * dh;
                                    int q = j * sw - pw + v * dw;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    tap.visit(((b * c + g * cg + ci) * h + r) * wd + q, ((f * cg + ci) * kh + u) * kw + v,
                                            ((b * m + f) * oh + i) * ow + j);
                                }
            }
    }

    /** Max or average pooling of {@code [N,C,H,W]}; padding never wins and is not counted. */
    static double[] pool2d(double[] x, int[] xs, int k, int s, int p, boolean max) {
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3];
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        double[] y = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int u = 0; u < k; u++)
                        for (int v = 0; v < k; v++) {
                            int r = i * s - p + u, q = j * s - p + v;
                            if (r < 0 || r >= h || q < 0 || q >= w) continue;
                            double val = x[(pl * h + r) * w + q];
                            acc = max ? Math.max(acc, val) : acc + val;
                            count++;
                        }
                    y[(pl * oh + i) * ow + j] = max ? acc : acc / count;
                }
        return y;
    }
}
