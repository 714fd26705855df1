package dev.ember.cpu;

/**
 * Average pooling of one {@code [h, w]} plane and its transpose, in the element type of the arrays; a window's
 * sum is taken in double. The divisor is the number of input positions under the clipped window (padding is
 * not counted).
 */
final class AvgPool {
    private AvgPool() {}

    private static int count(PoolShape s, int i, int j) {
        return (s.rowEnd(i) - s.rowStart(i)) * (s.colEnd(j) - s.colStart(j));
    }

    static void plane(float[] x, int in, PoolShape s, float[] y, int out) {
        int w = s.w();
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                double sum = 0;
                for (int r = r0; r < r1; r++) {
                    for (int at = in + r * w + c0, end = at + c1 - c0; at < end; at++) sum += x[at];
                }
                y[o] = (float) (sum / count(s, i, j));
            }
        }
    }

    static void plane(double[] x, int in, PoolShape s, double[] y, int out) {
        int w = s.w();
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                double sum = 0;
                for (int r = r0; r < r1; r++) {
                    for (int at = in + r * w + c0, end = at + c1 - c0; at < end; at++) sum += x[at];
                }
                y[o] = sum / count(s, i, j);
            }
        }
    }

    /** Spreads each {@code dy} element of the plane evenly over its window in {@code dx}, which it first zeroes. */
    static void backwardPlane(float[] dy, int out, PoolShape s, float[] dx, int in) {
        int w = s.w();
        java.util.Arrays.fill(dx, in, in + s.inPlane(), 0f);
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                float share = (float) ((double) dy[o] / count(s, i, j));
                for (int r = r0; r < r1; r++) {
                    for (int at = in + r * w + c0, end = at + c1 - c0; at < end; at++) dx[at] += share;
                }
            }
        }
    }

    static void backwardPlane(double[] dy, int out, PoolShape s, double[] dx, int in) {
        int w = s.w();
        java.util.Arrays.fill(dx, in, in + s.inPlane(), 0.0);
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                double share = dy[o] / count(s, i, j);
                for (int r = r0; r < r1; r++) {
                    for (int at = in + r * w + c0, end = at + c1 - c0; at < end; at++) dx[at] += share;
                }
            }
        }
    }
}
