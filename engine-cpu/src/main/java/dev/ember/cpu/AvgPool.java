package dev.ember.cpu;

/**
 * Average pooling of one {@code [h, w]} plane and its transpose, in the element type of the arrays; a window's
 * sum is taken in double. The divisor is the number of input positions under the clipped window (padding is
 * not counted). A 2x2 window at stride 2 has straight-line paths with the general loops' arithmetic (the same
 * additions in the same order, starting from 0), so both give the same bits.
 */
final class AvgPool {
    private AvgPool() {}

    private static int count(PoolShape s, int i, int j) {
        return (s.rowEnd(i) - s.rowStart(i)) * (s.colEnd(j) - s.colStart(j));
    }

    static void plane(float[] x, int in, PoolShape s, float[] y, int out) {
        if (!s.twoByTwo()) {
            windows(x, in, s, y, out);
            return;
        }
        int w = s.w();
        for (int i = 0, o = out; i < s.oh(); i++) {
            for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                y[o] = (float) (((((0.0 + x[at]) + x[at + 1]) + x[at + w]) + x[at + w + 1]) / 4);
            }
        }
    }

    /** Any window: the sum of its clipped part, row by row, over the count of its elements. */
    static void windows(float[] x, int in, PoolShape s, float[] y, int out) {
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
        if (!s.twoByTwo()) {
            windows(x, in, s, y, out);
            return;
        }
        int w = s.w();
        for (int i = 0, o = out; i < s.oh(); i++) {
            for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                y[o] = ((((0.0 + x[at]) + x[at + 1]) + x[at + w]) + x[at + w + 1]) / 4;
            }
        }
    }

    static void windows(double[] x, int in, PoolShape s, double[] y, int out) {
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
        if (!s.twoByTwo()) {
            backwardWindows(dy, out, s, dx, in);
            return;
        }
        int w = s.w();
        java.util.Arrays.fill(dx, in, in + s.inPlane(), 0f);   // an odd last row or column is in no window
        for (int i = 0, o = out; i < s.oh(); i++) {
            for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                float share = (float) ((double) dy[o] / 4);
                dx[at] += share;
                dx[at + 1] += share;
                dx[at + w] += share;
                dx[at + w + 1] += share;
            }
        }
    }

    static void backwardWindows(float[] dy, int out, PoolShape s, float[] dx, int in) {
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
        if (!s.twoByTwo()) {
            backwardWindows(dy, out, s, dx, in);
            return;
        }
        int w = s.w();
        java.util.Arrays.fill(dx, in, in + s.inPlane(), 0.0);   // an odd last row or column is in no window
        for (int i = 0, o = out; i < s.oh(); i++) {
            for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                double share = dy[o] / 4;
                dx[at] += share;
                dx[at + 1] += share;
                dx[at + w] += share;
                dx[at + w + 1] += share;
            }
        }
    }

    static void backwardWindows(double[] dy, int out, PoolShape s, double[] dx, int in) {
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
