package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where the time of the strided 4x4 layer's three directions goes (the side-by-side row's {@code Conv2d(64, 128, 4,
 * stride 2, padding 1)} on {@code [64, 64, 14, 14]}, whole-image tiles): each step of {@link Im2colConvolution}'s
 * whole-image path timed alone over a call's tiles, with its operands built beforehand, beside the whole direction.
 * The GEMM-only lines are the floor that im2col, col2im, gathers and copies add to: "hot" multiplies the first tile's
 * operands again at every tile (in cache, as the direction's GEMM finds the columns it just built), the others each
 * tile's own (from memory). Thread CPU time, best and median of
 * 9 rounds of 5 calls, one thread: {@code java --add-modules jdk.incubator.vector -Dember.threads=1 -cp
 * benchmarks/target/ember-benchmarks.jar:engine-cpu/target/test-classes dev.ember.cpu.ConvParts [column budget]}.
 */
public class ConvParts {
    public static void main(String[] args) {
        int budget = args.length > 0 ? Integer.parseInt(args[0]) : ConvShape.COLUMN_BUDGET;
        int n = 64, c = 64, h = 14, w = 14, m = 128, k = 4;
        ConvGeometry g = new ConvGeometry(2, 2, 1, 1, 1, 1, 1);
        int oh = g.outH(h, k), ow = g.outW(w, k);
        ConvShape s = ConvShape.of(new int[] {n, c, h, w}, new int[] {m, c, k, k}, new int[] {n, m, oh, ow}, g)
                .withColumnBudget(budget);
        int kc = s.kc(), p = s.p(), per = s.imagesPerTile(), tiles = Math.ceilDiv(n, per);
        float[] x = random(n * c * h * w, 1), wt = random(m * kc, 2), dy = random(n * m * p, 3);
        float[] y = new float[dy.length], dx = new float[x.length], dw = new float[wt.length];
        float[][] cols = new float[tiles][], grads = new float[tiles][];
        for (int t = 0; t < tiles; t++) {
            int i0 = t * per, i1 = Math.min(n, i0 + per), width = (i1 - i0) * p;
            cols[t] = new float[kc * width];
            grads[t] = new float[m * width];
            for (int b = 0; b < i1 - i0; b++) {
                PaddedIm2col.im2col(x, (i0 + b) * c * h * w, s, 0, oh, 0, kc, cols[t], b * p, width);
                for (int f = 0; f < m; f++) System.arraycopy(dy, ((i0 + b) * m + f) * p, grads[t], f * width + b * p, p);
            }
        }
        float[] out = new float[m * per * p], col = new float[kc * per * p], dwt = new float[kc * m];
        System.out.printf("budget %d: %d images per tile, %d tiles, kc %d%n", budget, per, tiles, kc);
        time("forward (whole)", () -> Im2colConvolution.FLOAT.forward(s, x, wt, y));
        time("  im2col", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) PaddedIm2col.im2col(x, (i0 + b) * c * h * w, s, 0, oh, 0, kc, col, b * p, width);
        }));
        time("  gemm W col", () -> forTiles(s, (i0, i1, width) ->
                FloatGemm.multiply(m, width, kc, wt, 0, kc, 1, cols[i0 / per], 0, width, 1, out, 0, width, false)));
        // as the direction runs it: W packed once, each tile's columns just written (the same tile again: in cache)
        float[] packedW = new float[FloatGemm.packedASize(m, kc)], packedWt = new float[FloatGemm.packedASize(kc, m)];
        time("  gemm W col, hot, packed", () -> {
            FloatGemm.packA(m, kc, wt, 0, kc, 1, packedW, 0);
            forTiles(s, (i0, i1, width) ->
                    FloatGemm.multiplyPacked(m, width, kc, packedW, 0, cols[0], 0, width, 1, out, 0, width, false));
        });
        time("  scatter to y", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) {
                for (int f = 0; f < m; f++) System.arraycopy(out, f * width + b * p, y, ((i0 + b) * m + f) * p, p);
            }
        }));
        time("input gradient (whole)", () -> Im2colConvolution.FLOAT.backwardInput(s, dy, wt, dx));
        time("  gather dy", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) {
                for (int f = 0; f < m; f++) System.arraycopy(dy, ((i0 + b) * m + f) * p, out, f * width + b * p, p);
            }
        }));
        time("  gemm Wt dy", () -> forTiles(s, (i0, i1, width) ->
                FloatGemm.multiply(kc, width, m, wt, 0, 1, kc, grads[i0 / per], 0, width, 1, col, 0, width, false)));
        time("  gemm Wt dy, hot, packed", () -> {
            FloatGemm.packA(kc, m, wt, 0, 1, kc, packedWt, 0);
            forTiles(s, (i0, i1, width) ->
                    FloatGemm.multiplyPacked(kc, width, m, packedWt, 0, grads[0], 0, width, 1, col, 0, width, false));
        });
        time("  zero + col2im", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) {
                int off = (i0 + b) * c * h * w;
                Arrays.fill(dx, off, off + c * h * w, 0f);
                PaddedIm2col.col2im(cols[0], b * p, width, s, 0, oh, dx, off);
            }
        }));
        time("weight gradient (whole)", () -> Im2colConvolution.FLOAT.backwardWeight(s, x, dy, dw));
        time("  im2col", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) PaddedIm2col.im2col(x, (i0 + b) * c * h * w, s, 0, oh, 0, kc, col, b * p, width);
        }));
        time("  gather dy", () -> forTiles(s, (i0, i1, width) -> {
            for (int b = 0; b < i1 - i0; b++) {
                for (int f = 0; f < m; f++) System.arraycopy(dy, ((i0 + b) * m + f) * p, out, f * width + b * p, p);
            }
        }));
        time("  gemm col dyT", () -> {
            Arrays.fill(dwt, 0f);
            forTiles(s, (i0, i1, width) ->
                    FloatGemm.multiply(kc, m, width, cols[i0 / per], 0, width, 1, grads[i0 / per], 0, 1, width, dwt, 0, m, true));
        });
        time("  gemm col dyT, hot", () -> {
            Arrays.fill(dwt, 0f);
            forTiles(s, (i0, i1, width) ->
                    FloatGemm.multiply(kc, m, width, cols[0], 0, width, 1, grads[0], 0, 1, width, dwt, 0, m, true));
        });
        time("  transpose", () -> Im2colConvolution.FLOAT.transpose(dwt, 1, kc, m, dw));
        // the same products as one GEMM over the whole batch (no tiles): what the tile size costs the floor
        float[] allCols = new float[kc * n * p], allGrads = new float[m * n * p], allOut = new float[m * n * p];
        for (int t = 0; t < tiles; t++) {
            int i0 = t * per, width = cols[t].length / kc;
            for (int r = 0; r < kc; r++) System.arraycopy(cols[t], r * width, allCols, r * n * p + i0 * p, width);
            for (int f = 0; f < m; f++) System.arraycopy(grads[t], f * width, allGrads, f * n * p + i0 * p, width);
        }
        float[] allCol = new float[kc * n * p];
        int np = n * p;
        time("one gemm: W col", () -> FloatGemm.multiply(m, np, kc, wt, 0, kc, 1, allCols, 0, np, 1, allOut, 0, np, false));
        time("one gemm: Wt dy", () -> FloatGemm.multiply(kc, np, m, wt, 0, 1, kc, allGrads, 0, np, 1, allCol, 0, np, false));
        time("one gemm: col dyT", () -> FloatGemm.multiply(kc, m, np, allCols, 0, np, 1, allGrads, 0, 1, np, dwt, 0, m, false));
        double gflop = 2.0 * n * m * kc * p / 1e9;
        System.out.printf("each direction: %.3f GFLOP (%.2f ms at 125 GFLOP/s, %.2f at 160)%n", gflop, gflop / 125 * 1e3, gflop / 160 * 1e3);
    }

    private interface TileBody {
        void run(int i0, int i1, int width);
    }

    private static void forTiles(ConvShape s, TileBody body) {
        int per = s.imagesPerTile();
        for (int i0 = 0; i0 < s.n(); i0 += per) {
            int i1 = Math.min(s.n(), i0 + per);
            body.run(i0, i1, (i1 - i0) * s.p());
        }
    }

    private static void time(String name, Runnable call) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] ms = new double[9];
        for (int r = -5; r < ms.length; r++) {
            long t = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 5; i++) call.run();
            if (r >= 0) ms[r] = (mx.getCurrentThreadCpuTime() - t) / 1e6 / 5;
        }
        Arrays.sort(ms);
        System.out.printf("%-26s best %7.2f  median %7.2f ms CPU/call%n", name, ms[0], ms[ms.length / 2]);
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
