package dev.ember.cpu;

import dev.ember.backend.PoolGeometry;

/** Max and average pooling over {@code [N, C, H, W]}, one plane per unit of parallel work. */
final class CpuPooling {
    private CpuPooling() {}

    static void max(CpuStorage x, int[] xs, PoolGeometry g, CpuStorage out, CpuStorage indices, int[] os) {
        int planes = xs[0] * xs[1];
        int h = xs[2], w = xs[3], oh = os[2], ow = os[3];
        double[] xd = RowIO.toDoubles(x, planes * h * w);
        double[] yd = new double[planes * oh * ow];
        long[] idx = (long[]) indices.array;
        Parallel.forRange(planes, (long) planes * oh * ow * g.kernelH() * g.kernelW(), (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                int in = pl * h * w;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int ki = 0; ki < g.kernelH(); ki++) {
                            int r = i * g.strideH() - g.padH() + ki;
                            if (r < 0 || r >= h) continue;
                            for (int kj = 0; kj < g.kernelW(); kj++) {
                                int c = j * g.strideW() - g.padW() + kj;
                                if (c < 0 || c >= w) continue;
                                double v = xd[in + r * w + c];
                                if (bestAt < 0 || v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                                    best = v;
                                    bestAt = r * w + c;
                                }
                            }
                        }
                        int o = (pl * oh + i) * ow + j;
                        yd[o] = best;
                        idx[o] = bestAt;
                    }
                }
            }
        });
        RowIO.fromDoubles(yd, out, yd.length);
    }

    /** Number of real (not padded) input positions under the window at output {@code (i, j)}. */
    private static int windowCount(PoolGeometry g, int i, int j, int h, int w) {
        int r0 = Math.max(0, i * g.strideH() - g.padH()), r1 = Math.min(h, i * g.strideH() - g.padH() + g.kernelH());
        int c0 = Math.max(0, j * g.strideW() - g.padW()), c1 = Math.min(w, j * g.strideW() - g.padW() + g.kernelW());
        return (r1 - r0) * (c1 - c0);
    }

    static void average(CpuStorage x, int[] xs, PoolGeometry g, CpuStorage out, int[] os) {
        int planes = xs[0] * xs[1];
        int h = xs[2], w = xs[3], oh = os[2], ow = os[3];
        double[] xd = RowIO.toDoubles(x, planes * h * w);
        double[] yd = new double[planes * oh * ow];
        Parallel.forRange(planes, (long) planes * oh * ow * g.kernelH() * g.kernelW(), (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                int in = pl * h * w;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = 0;
                        for (int r = Math.max(0, i * g.strideH() - g.padH()); r < Math.min(h, i * g.strideH() - g.padH() + g.kernelH()); r++) {
                            for (int c = Math.max(0, j * g.strideW() - g.padW()); c < Math.min(w, j * g.strideW() - g.padW() + g.kernelW()); c++) {
                                sum += xd[in + r * w + c];
                            }
                        }
                        yd[(pl * oh + i) * ow + j] = sum / windowCount(g, i, j, h, w);
                    }
                }
            }
        });
        RowIO.fromDoubles(yd, out, yd.length);
    }

    static void averageBackward(CpuStorage dy, int[] dys, PoolGeometry g, CpuStorage dx, int[] dxs) {
        int planes = dxs[0] * dxs[1];
        int h = dxs[2], w = dxs[3], oh = dys[2], ow = dys[3];
        double[] dyd = RowIO.toDoubles(dy, planes * oh * ow);
        double[] dxd = new double[planes * h * w];
        Parallel.forRange(planes, (long) planes * oh * ow * g.kernelH() * g.kernelW(), (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                int in = pl * h * w;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double share = dyd[(pl * oh + i) * ow + j] / windowCount(g, i, j, h, w);
                        for (int r = Math.max(0, i * g.strideH() - g.padH()); r < Math.min(h, i * g.strideH() - g.padH() + g.kernelH()); r++) {
                            for (int c = Math.max(0, j * g.strideW() - g.padW()); c < Math.min(w, j * g.strideW() - g.padW() + g.kernelW()); c++) {
                                dxd[in + r * w + c] += share;
                            }
                        }
                    }
                }
            }
        });
        RowIO.fromDoubles(dxd, dx, dxd.length);
    }
}
