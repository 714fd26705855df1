package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.backend.PoolGeometry;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The straight-line 2x2 stride-2 average pool and its gradient against the general window loops, bit for bit
 * (raw bits, so a -0 that turned +0 would show), on even and odd planes at offsets, with signed zeros,
 * infinities, NaNs, subnormals and values whose float64 sum depends on the order of the additions.
 */
class AvgPoolTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40,
            1e30, -1e30, 3e-8, 1e300, -1e300, Double.MIN_VALUE};

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource(textBlock = """
            8, 8
            9, 7
            2, 2
            3, 3
            14, 29
            """)
    void straightLineMatchesTheWindowLoops(int h, int w) {
        PoolGeometry g = new PoolGeometry(2, 2, 2, 2, 0, 0);
        PoolShape s = new PoolShape(3, h, w, g.outH(h), g.outW(w), g);
        int offset = 5;
        SplittableRandom r = new SplittableRandom(h * 31L + w);
        double[] xd = new double[offset + s.planes() * s.inPlane()];
        double[] dyd = new double[offset + s.planes() * s.outPlane()];
        for (double[] v : new double[][] {xd, dyd})
            for (int i = 0; i < v.length; i++) v[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 1e3;
        // a window of -0 only, and a -0 gradient: both loops start their sums from +0, so the output is +0
        for (int at : new int[] {offset, offset + 1, offset + w, offset + w + 1}) xd[at] = -0.0;
        dyd[offset] = -0.0;
        float[] xf = floats(xd), dyf = floats(dyd);
        int outs = offset + s.planes() * s.outPlane(), ins = offset + s.planes() * s.inPlane();
        double[] yd = new double[outs], yd0 = new double[outs], dxd = new double[ins], dxd0 = new double[ins];
        float[] yf = new float[outs], yf0 = new float[outs], dxf = new float[ins], dxf0 = new float[ins];
        for (int pl = 0; pl < s.planes(); pl++) {
            int in = offset + pl * s.inPlane(), out = offset + pl * s.outPlane();
            AvgPool.plane(xd, in, s, yd, out);
            AvgPool.windows(xd, in, s, yd0, out);
            AvgPool.plane(xf, in, s, yf, out);
            AvgPool.windows(xf, in, s, yf0, out);
            AvgPool.backwardPlane(dyd, out, s, dxd, in);
            AvgPool.backwardWindows(dyd, out, s, dxd0, in);
            AvgPool.backwardPlane(dyf, out, s, dxf, in);
            AvgPool.backwardWindows(dyf, out, s, dxf0, in);
        }
        for (int i = 0; i < outs; i++) {
            assertEquals(Double.doubleToRawLongBits(yd0[i]), Double.doubleToRawLongBits(yd[i]), "float64 output " + i);
            assertEquals(Float.floatToRawIntBits(yf0[i]), Float.floatToRawIntBits(yf[i]), "float32 output " + i);
        }
        for (int i = 0; i < ins; i++) {
            assertEquals(Double.doubleToRawLongBits(dxd0[i]), Double.doubleToRawLongBits(dxd[i]), "float64 gradient " + i);
            assertEquals(Float.floatToRawIntBits(dxf0[i]), Float.floatToRawIntBits(dxf[i]), "float32 gradient " + i);
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
