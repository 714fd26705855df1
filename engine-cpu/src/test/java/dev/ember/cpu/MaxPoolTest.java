package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.backend.PoolGeometry;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The branch-free max pool against the plain rule (a later value wins only if it is larger, or if it is NaN and
 * the winner so far is not), on planes full of ties, signed zeros, infinities, NaNs and extreme values.
 */
class MaxPoolTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 2, 2};

    @ParameterizedTest(name = "window {0}x{1} stride {2} padding {3} on {4}x{5}")
    @CsvSource(textBlock = """
            2, 2, 2, 0, 9, 8
            2, 2, 2, 0, 28, 28
            2, 2, 2, 0, 14, 14
            2, 2, 2, 0, 7, 9
            2, 2, 2, 0, 4, 40
            2, 2, 2, 0, 2, 2
            3, 3, 2, 1, 9, 8
            2, 3, 1, 1, 5, 7
            1, 1, 1, 0, 4, 4
            """)
    void sameWinnersAsThePlainRule(int kh, int kw, int stride, int pad, int h, int w) {
        PoolGeometry g = new PoolGeometry(kh, kw, stride, stride, pad, pad);
        PoolShape s = new PoolShape(3, h, w, g.outH(h), g.outW(w), g);
        SplittableRandom r = new SplittableRandom(7);
        double[] xd = new double[s.planes() * s.inPlane()];
        for (int i = 0; i < xd.length; i++) xd[i] = SPECIAL[r.nextInt(SPECIAL.length)];
        float[] xf = new float[xd.length];
        for (int i = 0; i < xd.length; i++) xf[i] = (float) xd[i];
        int outs = s.planes() * s.outPlane();
        double[] yd = new double[outs];
        float[] yf = new float[outs];
        long[] id = new long[outs], iff = new long[outs];
        for (int pl = 0; pl < s.planes(); pl++) {
            MaxPool.plane(xd, pl * s.inPlane(), s, yd, id, pl * s.outPlane());
            MaxPool.plane(xf, pl * s.inPlane(), s, yf, iff, pl * s.outPlane());
        }
        for (int pl = 0, o = 0; pl < s.planes(); pl++) {
            for (int i = 0; i < s.oh(); i++) {
                for (int j = 0; j < s.ow(); j++, o++) {
                    int best = -1;
                    for (int rr = s.rowStart(i); rr < s.rowEnd(i); rr++) {
                        for (int c = s.colStart(j); c < s.colEnd(j); c++) {
                            double v = xd[pl * s.inPlane() + rr * w + c];
                            double b = best < 0 ? 0 : xd[pl * s.inPlane() + best];
                            if (best < 0 || v > b || Double.isNaN(v) && !Double.isNaN(b)) best = rr * w + c;
                        }
                    }
                    assertEquals(best, id[o], "float64 index of output " + o);
                    assertEquals(best, iff[o], "float32 index of output " + o);
                    assertEquals(Double.doubleToLongBits(xd[pl * s.inPlane() + best]), Double.doubleToLongBits(yd[o]), "float64 value of output " + o);
                    assertEquals(Float.floatToIntBits(xf[pl * s.inPlane() + best]), Float.floatToIntBits(yf[o]), "float32 value of output " + o);
                }
            }
        }
    }
}
