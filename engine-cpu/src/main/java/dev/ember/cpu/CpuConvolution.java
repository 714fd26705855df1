package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;

/**
 * Convolution and its two gradients through im2col and {@link Gemm}: per image and group, the input patches
 * become the columns of a {@code [C/g*kH*kW, oH*oW]} matrix, so forward is {@code W x col}, the input gradient
 * is {@code col2im(Wᵀ x dy)} and the weight gradient is {@code dy x colᵀ} summed over the batch.
 */
final class CpuConvolution {
    private CpuConvolution() {}

    private record Dims(int n, int c, int h, int w, int m, int kh, int kw, int oh, int ow, int groups) {
        int cg() { return c / groups; }
        int mg() { return m / groups; }
        int kc() { return cg() * kh * kw; }
        int p() { return oh * ow; }

        static Dims of(int[] x, int[] w, int[] y, ConvGeometry g) {
            return new Dims(x[0], x[1], x[2], x[3], w[0], w[2], w[3], y[2], y[3], g.groups());
        }
    }

    static void forward(CpuStorage x, int[] xs, CpuStorage w, int[] ws, ConvGeometry g, CpuStorage out, int[] os) {
        Dims d = Dims.of(xs, ws, os, g);
        double[] xd = RowIO.toDoubles(x, d.n * d.c * d.h * d.w);
        double[] wd = RowIO.toDoubles(w, d.m * d.kc());
        double[] yd = new double[d.n * d.m * d.p()];
        double[] col = new double[d.kc() * d.p()];
        for (int n = 0; n < d.n; n++) {
            for (int gi = 0; gi < d.groups; gi++) {
                im2col(xd, d, g, n, gi, col);
                Gemm.multiply(false, false, d.mg(), d.p(), d.kc(), wd, gi * d.mg() * d.kc(), d.kc(), col, 0, d.p(),
                        yd, (n * d.m + gi * d.mg()) * d.p(), d.p(), false);
            }
        }
        RowIO.fromDoubles(yd, out, yd.length);
    }

    static void backwardInput(CpuStorage dy, int[] dys, CpuStorage w, int[] ws, ConvGeometry g, CpuStorage dx, int[] dxs) {
        Dims d = Dims.of(dxs, ws, dys, g);
        double[] dyd = RowIO.toDoubles(dy, d.n * d.m * d.p());
        double[] wd = RowIO.toDoubles(w, d.m * d.kc());
        double[] dxd = new double[d.n * d.c * d.h * d.w];
        double[] col = new double[d.kc() * d.p()];
        for (int n = 0; n < d.n; n++) {
            for (int gi = 0; gi < d.groups; gi++) {
                Gemm.multiply(true, false, d.kc(), d.p(), d.mg(), wd, gi * d.mg() * d.kc(), d.kc(),
                        dyd, (n * d.m + gi * d.mg()) * d.p(), d.p(), col, 0, d.p(), false);
                col2im(col, d, g, n, gi, dxd);
            }
        }
        RowIO.fromDoubles(dxd, dx, dxd.length);
    }

    static void backwardWeight(CpuStorage x, int[] xs, CpuStorage dy, int[] dys, ConvGeometry g, CpuStorage dw, int[] dws) {
        Dims d = Dims.of(xs, dws, dys, g);
        double[] xd = RowIO.toDoubles(x, d.n * d.c * d.h * d.w);
        double[] dyd = RowIO.toDoubles(dy, d.n * d.m * d.p());
        double[] dwd = new double[d.m * d.kc()];
        double[] col = new double[d.kc() * d.p()];
        for (int n = 0; n < d.n; n++) {
            for (int gi = 0; gi < d.groups; gi++) {
                im2col(xd, d, g, n, gi, col);
                Gemm.multiply(false, true, d.mg(), d.kc(), d.p(), dyd, (n * d.m + gi * d.mg()) * d.p(), d.p(),
                        col, 0, d.p(), dwd, gi * d.mg() * d.kc(), d.kc(), true);
            }
        }
        RowIO.fromDoubles(dwd, dw, dwd.length);
    }

    /** Patches of image {@code n}, group {@code gi} as columns; out-of-bounds (padding) reads are 0. */
    private static void im2col(double[] x, Dims d, ConvGeometry g, int n, int gi, double[] col) {
        int p = d.p();
        for (int c = 0; c < d.cg(); c++) {
            int plane = ((n * d.c) + gi * d.cg() + c) * d.h * d.w;
            for (int i = 0; i < d.kh; i++) {
                for (int j = 0; j < d.kw; j++) {
                    int row = ((c * d.kh + i) * d.kw + j) * p;
                    for (int oh = 0; oh < d.oh; oh++) {
                        int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int dst = row + oh * d.ow;
                        if (h < 0 || h >= d.h) {
                            java.util.Arrays.fill(col, dst, dst + d.ow, 0.0);
                            continue;
                        }
                        int src = plane + h * d.w;
                        for (int ow = 0; ow < d.ow; ow++) {
                            int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                            col[dst + ow] = w >= 0 && w < d.w ? x[src + w] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** The transpose of {@link #im2col}: adds each column entry back to the input position it came from. */
    private static void col2im(double[] col, Dims d, ConvGeometry g, int n, int gi, double[] dx) {
        int p = d.p();
        for (int c = 0; c < d.cg(); c++) {
            int plane = ((n * d.c) + gi * d.cg() + c) * d.h * d.w;
            for (int i = 0; i < d.kh; i++) {
                for (int j = 0; j < d.kw; j++) {
                    int row = ((c * d.kh + i) * d.kw + j) * p;
                    for (int oh = 0; oh < d.oh; oh++) {
                        int h = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (h < 0 || h >= d.h) continue;
                        int src = row + oh * d.ow;
                        int dst = plane + h * d.w;
                        for (int ow = 0; ow < d.ow; ow++) {
                            int w = ow * g.strideW() - g.padW() + j * g.dilationW();
                            if (w >= 0 && w < d.w) dx[dst + w] += col[src + ow];
                        }
                    }
                }
            }
        }
    }
}
