package dev.ember.nn.functional;

import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive average and max pooling to any output size, as PyTorch's {@code F.adaptive_avg_pool1d/2d} and
 * {@code F.adaptive_max_pool1d/2d}: output position {@code i} of {@code out} pools the input positions
 * {@code floor(i * in / out)} up to (not including) {@code ceil((i + 1) * in / out)}, so windows may differ in
 * size and overlap.
 *
 * <p>A 2-D window is a rectangle of a row range and a column range, and both the mean and the maximum over a
 * rectangle are the mean (maximum) over rows of the mean (maximum) over columns, so 2-D pooling is the 1-D
 * pooling along H, then along W. Where the input size is a multiple of the output size the windows are equal
 * and disjoint, and one engine pooling op does it.
 */
final class AdaptivePools {
    private AdaptivePools() {}

    static Tensor avgPool1d(Tensor x, int outputSize) {
        check("adaptiveAvgPool1d", x, 3, "[N, C, L]", outputSize);
        return along(x, 2, outputSize, false);
    }

    static Tensor maxPool1d(Tensor x, int outputSize) {
        check("adaptiveMaxPool1d", x, 3, "[N, C, L]", outputSize);
        return along(x, 2, outputSize, true);
    }

    static Tensor avgPool2d(Tensor x, int[] outputSize) {
        int[] out = Checks.pair("adaptiveAvgPool2d", "output size", outputSize, 1);
        check("adaptiveAvgPool2d", x, 4, "[N, C, H, W]", 1);
        return along(along(x, 2, out[0], false), 3, out[1], false);
    }

    static Tensor maxPool2d(Tensor x, int[] outputSize) {
        int[] out = Checks.pair("adaptiveMaxPool2d", "output size", outputSize, 1);
        check("adaptiveMaxPool2d", x, 4, "[N, C, H, W]", 1);
        return along(along(x, 2, out[0], true), 3, out[1], true);
    }

    /** Window start: {@code floor(i * in / out)}. */
    static int start(int i, int in, int out) { return (int) ((long) i * in / out); }

    /** Window end (exclusive): {@code ceil((i + 1) * in / out)}. */
    static int end(int i, int in, int out) { return (int) (((long) (i + 1) * in + out - 1) / out); }

    private static Tensor along(Tensor x, int dim, int out, boolean max) {
        int in = x.size(dim);
        if (in % out == 0) return uniform(x, dim, in / out, max);
        List<Tensor> windows = new ArrayList<>(out);
        for (int i = 0; i < out; i++) {
            int s = start(i, in, out);
            Tensor w = x.narrow(dim, s, end(i, in, out) - s);
            windows.add(max ? w.amax(new int[] {dim}, true) : w.mean(new int[] {dim}, true));
        }
        return Tensor.cat(dim, windows);
    }

    /** Equal disjoint windows of {@code k}: split the dim into {@code [.., in/k, k, ..]} and reduce the {@code k}. */
    private static Tensor uniform(Tensor x, int dim, int k, boolean max) {
        if (k == 1) return x.reshape(x.shape());   // a new tensor, as every op returns
        int[] shape = x.shape();
        int[] split = new int[shape.length + 1];
        for (int d = 0, o = 0; d < shape.length; d++) {
            if (d == dim) {
                split[o++] = shape[d] / k;
                split[o++] = k;
            } else {
                split[o++] = shape[d];
            }
        }
        Tensor grouped = x.reshape(split);
        int[] reduce = {dim + 1};
        return max ? grouped.amax(reduce, false) : grouped.mean(reduce, false);
    }

    private static void check(String fn, Tensor x, int rank, String expected, int outputSize) {
        Checks.notNull(fn, "input", x);
        Checks.atLeast(fn, "output size", outputSize, 1);
        if (x.rank() != rank) throw Checks.wrongShape(fn, "input", expected, x);
        for (int d = 2; d < rank; d++) {
            if (x.size(d) < 1) throw Checks.wrongShape(fn, "input", expected + " with non-empty spatial dims", x);
        }
    }
}
