package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;

/**
 * Convolution and its two gradients: float32 runs in float and float64 in double through
 * {@link Im2colConvolution}; any other dtype is widened to double and narrowed back.
 */
final class CpuConvolution {
    private CpuConvolution() {}

    static void forward(CpuStorage x, int[] xs, CpuStorage w, int[] ws, ConvGeometry g, CpuStorage out, int[] os) {
        ConvShape s = ConvShape.of(xs, ws, os, g);
        if (x.array instanceof float[] xf && w.array instanceof float[] wf && out.array instanceof float[] yf) {
            Im2colConvolution.FLOAT.forward(s, xf, wf, yf);
        } else {
            double[] y = RowIO.toDoubles(out, s.n() * s.m() * s.p());
            Im2colConvolution.DOUBLE.forward(s, RowIO.toDoubles(x, s.n() * s.c() * s.inPlane()), RowIO.toDoubles(w, s.m() * s.kc()), y);
            RowIO.fromDoubles(y, out, y.length);
        }
    }

    static void backwardInput(CpuStorage dy, int[] dys, CpuStorage w, int[] ws, ConvGeometry g, CpuStorage dx, int[] dxs) {
        ConvShape s = ConvShape.of(dxs, ws, dys, g);
        if (dy.array instanceof float[] dyf && w.array instanceof float[] wf && dx.array instanceof float[] dxf) {
            Im2colConvolution.FLOAT.backwardInput(s, dyf, wf, dxf);
        } else {
            double[] dxd = RowIO.toDoubles(dx, s.n() * s.c() * s.inPlane());
            Im2colConvolution.DOUBLE.backwardInput(s, RowIO.toDoubles(dy, s.n() * s.m() * s.p()), RowIO.toDoubles(w, s.m() * s.kc()), dxd);
            RowIO.fromDoubles(dxd, dx, dxd.length);
        }
    }

    static void backwardWeight(CpuStorage x, int[] xs, CpuStorage dy, int[] dys, ConvGeometry g, CpuStorage dw, int[] dws) {
        ConvShape s = ConvShape.of(xs, dws, dys, g);
        if (x.array instanceof float[] xf && dy.array instanceof float[] dyf && dw.array instanceof float[] dwf) {
            Im2colConvolution.FLOAT.backwardWeight(s, xf, dyf, dwf);
        } else {
            double[] dwd = RowIO.toDoubles(dw, s.m() * s.kc());
            Im2colConvolution.DOUBLE.backwardWeight(s, RowIO.toDoubles(x, s.n() * s.c() * s.inPlane()), RowIO.toDoubles(dy, s.n() * s.m() * s.p()), dwd);
            RowIO.fromDoubles(dwd, dw, dwd.length);
        }
    }
}
