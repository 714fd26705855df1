package dev.ember.cpu;

/**
 * Max pooling of one {@code [h, w]} plane, in the element type of the arrays. The winner of a window is its
 * first largest value, or its first NaN (NaN propagates, as in PyTorch); its index is {@code row*w + col}
 * inside the plane. A 2x2 window at stride 2 has a straight-line path.
 *
 * <p>Which value wins is a coin toss on real data, so a branch per comparison mispredicts about half the time
 * (it made the 2x2 pool several times slower). Instead each value maps to an integer key with the same order,
 * and the running winner is updated with masks: {@link #key} ranks -0 as +0 (so a tie keeps the first) and
 * every NaN above +infinity (equal to each other, so the first NaN is kept).
 */
final class MaxPool {
    private MaxPool() {}

    /** An int whose signed order is the order of {@code v}, with -0 equal to +0 and every NaN above +infinity. */
    private static int key(float v) {
        int bits = Float.floatToIntBits(v + 0f);   // + 0 turns -0 into +0; floatToIntBits makes every NaN one NaN
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static long key(double v) {
        long bits = Double.doubleToLongBits(v + 0.0);
        return bits ^ ((bits >> 63) & 0x7fffffffffffffffL);
    }

    /** All ones where {@code k > top}, else 0. */
    private static int above(int k, int top) { return (int) (((long) top - k) >> 63); }

    /** All ones where {@code k > top}, else 0 (the sign of {@code top - k}, corrected where it overflows). */
    private static long above(long k, long top) {
        long d = top - k;
        return (d ^ ((top ^ k) & (top ^ d))) >> 63;
    }

    static void plane(float[] x, int in, PoolShape s, float[] y, long[] indices, int out) {
        int w = s.w();
        if (s.twoByTwo()) {
            for (int i = 0, o = out; i < s.oh(); i++) {
                for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                    int top = key(x[at]), best = 0;
                    int k = key(x[at + 1]), m = above(k, top);
                    top = (top & ~m) | (k & m);
                    best = m & 1;
                    k = key(x[at + w]);
                    m = above(k, top);
                    top = (top & ~m) | (k & m);
                    best = (best & ~m) | (w & m);
                    m = above(key(x[at + w + 1]), top);
                    best = (best & ~m) | ((w + 1) & m);
                    y[o] = x[at + best];
                    indices[o] = at - in + best;
                }
            }
            return;
        }
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                int best = r0 * w + c0, top = key(x[in + best]);
                for (int r = r0; r < r1; r++) {
                    for (int at = r * w + c0, end = at + c1 - c0; at < end; at++) {
                        int k = key(x[in + at]), m = above(k, top);
                        top = (top & ~m) | (k & m);
                        best = (best & ~m) | (at & m);
                    }
                }
                y[o] = x[in + best];
                indices[o] = best;
            }
        }
    }

    static void plane(double[] x, int in, PoolShape s, double[] y, long[] indices, int out) {
        int w = s.w();
        if (s.twoByTwo()) {
            for (int i = 0, o = out; i < s.oh(); i++) {
                for (int j = 0, at = in + 2 * i * w; j < s.ow(); j++, o++, at += 2) {
                    long top = key(x[at]), best = 0;
                    long k = key(x[at + 1]), m = above(k, top);
                    top = (top & ~m) | (k & m);
                    best = m & 1;
                    k = key(x[at + w]);
                    m = above(k, top);
                    top = (top & ~m) | (k & m);
                    best = (best & ~m) | (w & m);
                    m = above(key(x[at + w + 1]), top);
                    best = (best & ~m) | ((w + 1) & m);
                    y[o] = x[at + (int) best];
                    indices[o] = at - in + best;
                }
            }
            return;
        }
        for (int i = 0, o = out; i < s.oh(); i++) {
            int r0 = s.rowStart(i), r1 = s.rowEnd(i);
            for (int j = 0; j < s.ow(); j++, o++) {
                int c0 = s.colStart(j), c1 = s.colEnd(j);
                long best = r0 * w + c0, top = key(x[in + (int) best]);
                for (int r = r0; r < r1; r++) {
                    for (int at = r * w + c0, end = at + c1 - c0; at < end; at++) {
                        long k = key(x[in + at]), m = above(k, top);
                        top = (top & ~m) | (k & m);
                        best = (best & ~m) | (at & m);
                    }
                }
                y[o] = x[in + (int) best];
                indices[o] = best;
            }
        }
    }
}
