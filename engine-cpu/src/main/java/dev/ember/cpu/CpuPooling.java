package dev.ember.cpu;

import dev.ember.backend.PoolGeometry;

/**
 * Max and average pooling over {@code [N, C, H, W]}, planes split over threads. Float32 runs in float and
 * float64 in double ({@link MaxPool}, {@link AvgPool}); any other dtype is widened to double and narrowed back.
 */
final class CpuPooling {
    private CpuPooling() {}

    private interface Plane {
        void run(int plane);
    }

    private static void eachPlane(PoolShape s, Plane body) {
        Parallel.forRange(s.planes(), s.work(), (start, end) -> {
            for (int pl = start; pl < end; pl++) body.run(pl);
        });
    }

    static void max(CpuStorage x, int[] xs, PoolGeometry g, CpuStorage out, CpuStorage indices, int[] os) {
        PoolShape s = PoolShape.of(xs, os, g);
        long[] idx = (long[]) indices.array;
        if (x.array instanceof float[] xf && out.array instanceof float[] yf) {
            eachPlane(s, pl -> MaxPool.plane(xf, pl * s.inPlane(), s, yf, idx, pl * s.outPlane()));
        } else {
            double[] xd = RowIO.toDoubles(x, s.planes() * s.inPlane());
            double[] yd = RowIO.toDoubles(out, s.planes() * s.outPlane());
            eachPlane(s, pl -> MaxPool.plane(xd, pl * s.inPlane(), s, yd, idx, pl * s.outPlane()));
            RowIO.fromDoubles(yd, out, yd.length);
        }
    }

    static void average(CpuStorage x, int[] xs, PoolGeometry g, CpuStorage out, int[] os) {
        PoolShape s = PoolShape.of(xs, os, g);
        if (x.array instanceof float[] xf && out.array instanceof float[] yf) {
            eachPlane(s, pl -> AvgPool.plane(xf, pl * s.inPlane(), s, yf, pl * s.outPlane()));
        } else {
            double[] xd = RowIO.toDoubles(x, s.planes() * s.inPlane());
            double[] yd = RowIO.toDoubles(out, s.planes() * s.outPlane());
            eachPlane(s, pl -> AvgPool.plane(xd, pl * s.inPlane(), s, yd, pl * s.outPlane()));
            RowIO.fromDoubles(yd, out, yd.length);
        }
    }

    static void averageBackward(CpuStorage dy, int[] dys, PoolGeometry g, CpuStorage dx, int[] dxs) {
        PoolShape s = PoolShape.of(dxs, dys, g);
        if (dy.array instanceof float[] dyf && dx.array instanceof float[] dxf) {
            eachPlane(s, pl -> AvgPool.backwardPlane(dyf, pl * s.outPlane(), s, dxf, pl * s.inPlane()));
        } else {
            double[] dyd = RowIO.toDoubles(dy, s.planes() * s.outPlane());
            double[] dxd = RowIO.toDoubles(dx, s.planes() * s.inPlane());
            eachPlane(s, pl -> AvgPool.backwardPlane(dyd, pl * s.outPlane(), s, dxd, pl * s.inPlane()));
            RowIO.fromDoubles(dxd, dx, dxd.length);
        }
    }
}
