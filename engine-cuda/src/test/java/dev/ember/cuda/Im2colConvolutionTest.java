package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Layout;
import dev.ember.backend.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The im2col decomposition that CUDA falls back to, run on the CPU backend (the same code, only other kernels under
 * it) and compared with the CPU's own convolution in all three directions: grouped, dilated, strided, padded, 1x1,
 * a kernel as large as the image, width 1, batch 1, and in chunks of images.
 */
class Im2colConvolutionTest {
    private final Backend cpu = Backends.of(Device.CPU);

    /** x shape, w shape, geometry (strideH, strideW, padH, padW, dilationH, dilationW, groups). */
    private record Case(int[] x, int[] w, ConvGeometry g) {
        int[] y() {
            return new int[] {x[0], w[0], g.outH(x[2], w[2]), g.outW(x[3], w[3])};
        }

        @Override
        public String toString() {
            return "x " + Arrays.toString(x) + " w " + Arrays.toString(w) + " " + g;
        }
    }

    private static Case c(int[] x, int[] w, int... g) {
        return new Case(x, w, new ConvGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6]));
    }

    private static final List<Case> CASES = List.of(
            c(new int[] {2, 3, 7, 7}, new int[] {4, 3, 3, 3}, 1, 1, 0, 0, 1, 1, 1),       // plain
            c(new int[] {2, 3, 9, 8}, new int[] {5, 3, 3, 2}, 2, 3, 1, 2, 1, 1, 1),       // strided, padded
            c(new int[] {3, 2, 13, 11}, new int[] {4, 2, 3, 3}, 1, 1, 2, 2, 2, 3, 1),     // dilated
            c(new int[] {2, 6, 7, 5}, new int[] {9, 2, 3, 3}, 1, 1, 1, 1, 1, 1, 3),       // grouped
            c(new int[] {2, 4, 13, 12}, new int[] {6, 2, 3, 2}, 2, 1, 2, 1, 2, 2, 2),     // all of them
            c(new int[] {2, 4, 7, 7}, new int[] {4, 1, 3, 3}, 1, 1, 1, 1, 1, 1, 4),       // depthwise
            c(new int[] {2, 7, 17, 13}, new int[] {7, 1, 5, 3}, 1, 2, 2, 1, 3, 1, 7),     // depthwise, dilated
            c(new int[] {3, 5, 4, 6}, new int[] {7, 5, 1, 1}, 1, 1, 0, 0, 1, 1, 1),       // 1x1
            c(new int[] {1, 3, 5, 5}, new int[] {2, 3, 1, 1}, 2, 2, 1, 1, 1, 1, 1),       // 1x1, strided, padded
            c(new int[] {1, 1, 13, 1}, new int[] {1, 1, 3, 1}, 1, 1, 1, 0, 1, 1, 1),      // width 1
            c(new int[] {2, 3, 5, 4}, new int[] {2, 3, 5, 4}, 1, 1, 0, 0, 1, 1, 1),       // kernel = image
            c(new int[] {1, 4, 6, 7}, new int[] {6, 2, 3, 3}, 1, 2, 1, 0, 2, 1, 2),       // batch 1, grouped
            c(new int[] {5, 2, 3, 3}, new int[] {4, 1, 2, 2}, 3, 3, 1, 1, 1, 1, 2));      // stride past the end

    @Test
    void float64MatchesTheCpuConvolutionInEveryDirection() {
        for (Case k : CASES) check(k, DType.FLOAT64, Im2colConvolution.COLUMN_BUDGET);
    }

    @Test
    void float32MatchesTheCpuConvolutionInEveryDirection() {
        for (Case k : CASES) check(k, DType.FLOAT32, Im2colConvolution.COLUMN_BUDGET);
    }

    /**
     * The half types run in float32 and round once, as the CPU's half convolution does: the two differ only in
     * float32's summation order, so by at most one unit in the last place of the half result. Computed in the half
     * type, col2im's ADD per kernel tap and the weight gradient's sum over chunks would round again and again.
     */
    @Test
    void float16AndBfloat16MatchTheCpuConvolutionToOneUnitInTheLastPlace() {
        for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            for (Case k : CASES) {
                check(k, half, Im2colConvolution.COLUMN_BUDGET);
                check(k, half, 1);   // one image per chunk: dW summed over the chunks in float32
            }
        }
    }

    @Test
    void imagesTakenInChunksGiveTheSameResult() {
        for (Case k : CASES) {
            int perImage = k.x[1] * k.w[2] * k.w[3] * k.y()[2] * k.y()[3];
            check(k, DType.FLOAT64, 1);                  // one image per chunk
            check(k, DType.FLOAT64, 2 * perImage);       // two per chunk: with 3 or 5 images, a short last chunk
        }
    }

    @Test
    void shapesThatDoNotFitAreRefused() {
        var conv = new Im2colConvolution(cpu);
        Storage x = cpu.allocate(DType.FLOAT64, 2 * 3 * 5 * 5), w = cpu.allocate(DType.FLOAT64, 4 * 3 * 3 * 3);
        Storage y = cpu.allocate(DType.FLOAT64, 2 * 4 * 3 * 3);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x, new int[] {2, 3, 5, 5}, w,
                new int[] {4, 3, 3, 3}, new ConvGeometry(1, 1, 0, 0, 1, 1, 1), y, new int[] {2, 4, 4, 4}));
        assertTrue(e.getMessage().contains("[2, 4, 3, 3]"), e.getMessage());
    }

    private void check(Case k, DType dtype, int budget) {
        var random = new Random(Arrays.hashCode(k.x) * 31 + Arrays.hashCode(k.w));
        int[] y = k.y();
        Storage x = values(dtype, numel(k.x), random), w = values(dtype, numel(k.w), random);
        Storage dy = values(dtype, numel(y), random);
        var conv = new Im2colConvolution(cpu, budget);
        String what = k + " " + dtype + " budget " + budget;

        Storage expected = cpu.allocate(dtype, numel(y)), actual = garbage(dtype, numel(y));
        cpu.conv2d(x, k.x, w, k.w, k.g, expected, y);
        conv.forward(x, k.x, w, k.w, k.g, actual, y);
        assertClose("forward of " + what, expected, actual, dtype);

        expected = cpu.allocate(dtype, numel(k.x));
        actual = garbage(dtype, numel(k.x));
        cpu.conv2dBackwardInput(dy, y, w, k.w, k.g, expected, k.x);
        conv.backwardInput(dy, y, w, k.w, k.g, actual, k.x);
        assertClose("input gradient of " + what, expected, actual, dtype);

        expected = cpu.allocate(dtype, numel(k.w));
        actual = garbage(dtype, numel(k.w));
        cpu.conv2dBackwardWeight(x, k.x, dy, y, k.g, expected, k.w);
        conv.backwardWeight(x, k.x, dy, y, k.g, actual, k.w);
        assertClose("weight gradient of " + what, expected, actual, dtype);
    }

    private Storage values(DType dtype, int n, Random random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextDouble() * 2 - 1;
        return fromDoubles(dtype, v);
    }

    /** An output that already holds values, so a result that is added to rather than written shows. */
    private Storage garbage(DType dtype, int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1e3);
        return fromDoubles(dtype, v);
    }

    private Storage fromDoubles(DType dtype, double[] v) {
        if (dtype == DType.FLOAT64) return cpu.fromArray(v);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        Storage single = cpu.fromArray(f);
        if (dtype == DType.FLOAT32) return single;
        Storage half = cpu.allocate(dtype, v.length);
        cpu.copy(single, Layout.contiguous(v.length), half, Layout.contiguous(v.length));
        return half;
    }

    private double[] doubles(Storage s) {
        int n = Math.toIntExact(s.size());
        if (s.dtype().isHalf()) {
            Storage single = cpu.allocate(DType.FLOAT32, n);
            cpu.copy(s, Layout.contiguous(n), single, Layout.contiguous(n));
            s = single;
        }
        Object a = cpu.toArray(s, Layout.contiguous(n));
        if (a instanceof double[] d) return d;
        float[] f = (float[]) a;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private void assertClose(String what, Storage expected, Storage actual, DType dtype) {
        double[] e = doubles(expected), a = doubles(actual);
        assertEquals(e.length, a.length);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tolerance(dtype, e[i]))) {
                wrong.add("[" + i + "] " + a[i] + " != " + e[i]);
            }
        }
        assertTrue(wrong.isEmpty(), what + ": " + wrong.size() + " of " + e.length + " differ, first "
                + wrong.subList(0, Math.min(5, wrong.size())));
    }

    /**
     * float64 and float32 relative to the magnitude; the half types one unit in the last place of {@code expected}
     * ({@code 2^-10} and {@code 2^-7} of it) and float32's error in a sum that cancels to near zero.
     */
    private static double tolerance(DType dtype, double expected) {
        return switch (dtype) {
            case FLOAT64 -> 1e-12 * (1 + Math.abs(expected));
            case FLOAT16 -> Math.scalb(Math.abs(expected), -10) + 1e-5;
            case BFLOAT16 -> Math.scalb(Math.abs(expected), -7) + 1e-5;
            default -> 1e-4 * (1 + Math.abs(expected));
        };
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
