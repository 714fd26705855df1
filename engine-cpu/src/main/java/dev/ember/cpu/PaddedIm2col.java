package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;
import java.util.Arrays;

/**
 * {@link Im2col}'s float32 copies for strided kernels, through a zero-padded copy of each input channel's plane:
 * there every kernel offset reads every output position, so a row of the column matrix is one loop over a table of
 * the positions' offsets in the plane, with no padding test and no short runs. A stride-2 layer on 7x7 output maps
 * has runs of 7, and {@link Im2col}'s per-run work was a third of its time. The same values as {@link Im2col},
 * added in the same order: the results are the same bits.
 */
final class PaddedIm2col {
    private PaddedIm2col() {}

    private static final ThreadLocal<float[]> PLANE = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<int[]> OFFSETS = ThreadLocal.withInitial(() -> new int[0]);

    /** Worth it where the stride breaks the output rows into short runs. */
    static boolean suits(ConvShape s) { return s.g().strideW() != 1 || s.g().strideH() != 1; }

    private static int paddedWidth(ConvShape s) { return s.w() + 2 * s.g().padW(); }

    private static int paddedHeight(ConvShape s) { return s.h() + 2 * s.g().padH(); }

    /** The offset of output rows {@code [r0, r1)}' positions in a padded plane, at kernel offset (0, 0). */
    private static int[] offsets(ConvShape s, int r0, int r1) {
        int ow = s.ow(), wp = paddedWidth(s), count = (r1 - r0) * ow;
        int[] at = OFFSETS.get();
        if (at.length < count) OFFSETS.set(at = new int[count]);
        for (int r = r0, t = 0; r < r1; r++) {
            for (int q = 0; q < ow; q++, t++) at[t] = r * s.g().strideH() * wp + q * s.g().strideW();
        }
        return at;
    }

    private static float[] plane(ConvShape s) {
        int size = paddedWidth(s) * paddedHeight(s);
        float[] plane = PLANE.get();
        if (plane.length < size) PLANE.set(plane = new float[size]);
        return plane;
    }

    /** {@link Im2col#im2col(float[], int, ConvShape, int, int, int, int, float[], int, int)}, for {@link #suits} shapes. */
    static void im2col(float[] x, int xOff, ConvShape s, int r0, int r1, int k0, int k1, float[] col, int colOff, int ld) {
        int wp = paddedWidth(s), size = wp * paddedHeight(s), padH = s.g().padH(), padW = s.g().padW();
        int count = (r1 - r0) * s.ow(), offsets = s.kh() * s.kw();
        int[] at = offsets(s, r0, r1);
        float[] plane = plane(s);
        Arrays.fill(plane, 0, size, 0f);   // the border stays zero; each channel overwrites the inside
        for (int ch = k0 / offsets, row = ch * offsets; ch < s.cg() && row < k1; ch++) {
            int src = xOff + ch * s.inPlane();
            for (int ih = 0; ih < s.h(); ih++) System.arraycopy(x, src + ih * s.w(), plane, (ih + padH) * wp + padW, s.w());
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, row++) {
                    if (row < k0 || row >= k1) continue;
                    int base = i * s.g().dilationH() * wp + j * s.g().dilationW(), dst = colOff + (row - k0) * ld;
                    for (int t = 0; t < count; t++) col[dst + t] = plane[base + at[t]];
                }
            }
        }
    }

    /**
     * {@link Im2col#col2im(float[], int, int, ConvShape, int, int, float[], int)}, for {@link #suits} shapes: each input
     * position gathers the column entries that read it (a table of their offsets, built once per shape, tile and
     * leading dimension) and adds their sum to {@code dx}. The entries are added in kernel-offset order into a sum
     * that starts at zero, as a padded plane accumulated them before: the same bits, without the plane's scattered
     * stores (a third of the 4x4 stride-2 layer's input gradient).
     */
    static void col2im(float[] col, int colOff, int ld, ConvShape s, int r0, int r1, float[] dx, int dxOff) {
        Gathers table = gathers(s, r0, r1, ld);
        int[] start = table.start, at = table.at;
        int positions = s.inPlane(), rows = s.kh() * s.kw() * ld;
        for (int ch = 0, src = colOff; ch < s.cg(); ch++, src += rows) {
            int dst = dxOff + ch * positions;
            for (int t = 0; t < positions; t++) {
                float sum = 0f;
                for (int e = start[t], end = start[t + 1]; e < end; e++) sum += col[src + at[e]];
                dx[dst + t] += sum;
            }
        }
    }

    /**
     * For each input position of a channel's plane (row by row), the offsets from the channel's first column-matrix
     * row of the entries of output rows {@code [r0, r1)} that read it, in kernel-offset order: {@code at[start[t]]} to
     * {@code at[start[t + 1] - 1]} for position {@code t}.
     */
    private record Gathers(ConvShape shape, int r0, int r1, int ld, int[] start, int[] at) {}

    /** The last few tables built on this thread: a batch that tiles do not divide has a narrower last tile. */
    private static final ThreadLocal<Gathers[]> GATHERS = ThreadLocal.withInitial(() -> new Gathers[4]);

    private static Gathers gathers(ConvShape s, int r0, int r1, int ld) {
        Gathers[] held = GATHERS.get();
        for (Gathers g : held) {
            if (g != null && g.r0 == r0 && g.r1 == r1 && g.ld == ld && g.shape.equals(s)) return g;
        }
        ConvGeometry g = s.g();
        int positions = s.inPlane(), ow = s.ow();
        int[] start = new int[positions + 1], at = new int[positions * s.kh() * s.kw()];
        int count = 0;
        for (int ih = 0, t = 0; ih < s.h(); ih++) {
            for (int iw = 0; iw < s.w(); iw++, t++) {
                start[t] = count;
                for (int i = 0; i < s.kh(); i++) {
                    int down = ih + g.padH() - i * g.dilationH();   // output row r reads it where r * strideH == down
                    if (down < 0 || down % g.strideH() != 0) continue;
                    int r = down / g.strideH();
                    if (r < r0 || r >= r1) continue;
                    for (int j = 0; j < s.kw(); j++) {
                        int across = iw + g.padW() - j * g.dilationW();
                        if (across < 0 || across % g.strideW() != 0 || across / g.strideW() >= ow) continue;
                        at[count++] = (i * s.kw() + j) * ld + (r - r0) * ow + across / g.strideW();
                    }
                }
            }
        }
        start[positions] = count;
        Gathers built = new Gathers(s, r0, r1, ld, start, at);
        System.arraycopy(held, 0, held, 1, held.length - 1);
        held[0] = built;
        return built;
    }
}
