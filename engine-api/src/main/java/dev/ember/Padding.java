package dev.ember;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code F.pad}. The pad list names the last dim first: {@code {left, right, top, bottom, ...}}.
 * Constant padding is narrow (for negative pads) and cat with blocks of the value; the other modes are one
 * index gather per padded dim, with the source index of each output position computed here. Both are
 * composites, so the gradient (a scatter-add for the gathers, which sums the gradient of repeated elements)
 * comes from the ops they use.
 */
final class Padding {
    private Padding() {}

    static Tensor pad(Tensor x, int[] pad, PaddingMode mode, double value) {
        String op = "pad";
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException(op + ": the padding list must have an even length (a pair per dim), got " + pad.length);
        }
        int dims = pad.length / 2;
        if (dims > x.rank()) {
            throw new IllegalArgumentException(op + ": " + pad.length + " padding values pad " + dims + " dims but the tensor has shape "
                    + Shape.str(x.shape()));
        }
        return mode == PaddingMode.CONSTANT ? constant(x, pad, value) : gathered(x, pad, mode);
    }

    private static Tensor constant(Tensor x, int[] pad, double value) {
        Tensor r = x;
        boolean changed = false;
        for (int k = 0; k < pad.length / 2; k++) {
            int d = x.rank() - 1 - k;
            int left = pad[2 * k];
            int right = pad[2 * k + 1];
            int n = r.size(d);
            int crop = Math.max(0, -left) + Math.max(0, -right);
            if (crop > n) {
                throw new IllegalArgumentException("pad: padding (" + left + ", " + right + ") crops " + crop
                        + " elements from dim " + d + " of size " + n + " (shape " + Shape.str(x.shape()) + ")");
            }
            if (crop > 0) {
                r = r.narrow(d, Math.max(0, -left), n - crop);
                changed = true;
            }
            if (left > 0 || right > 0) {
                List<Tensor> parts = new ArrayList<>(3);
                if (left > 0) parts.add(block(r, d, left, value));
                parts.add(r);
                if (right > 0) parts.add(block(r, d, right, value));
                r = Tensor.cat(d, parts);
                changed = true;
            }
        }
        return changed ? r : x.copy();   // an op returns a new tensor even when it changes nothing
    }

    /** {@code value} in {@code like}'s shape but {@code size} along {@code dim}. */
    private static Tensor block(Tensor like, int dim, int size, double value) {
        int[] shape = like.shape();
        shape[dim] = size;
        return Tensor.full(like.device(), like.dtype(), value, shape);
    }

    private static Tensor gathered(Tensor x, int[] pad, PaddingMode mode) {
        String name = mode.name().toLowerCase(java.util.Locale.ROOT);
        int dims = pad.length / 2;
        boolean ranksOk = dims >= 1 && dims <= 3 && (x.rank() == dims + 2 || x.rank() == dims + 1 && mode != PaddingMode.CIRCULAR);
        if (!ranksOk) {
            String needs = mode == PaddingMode.CIRCULAR ? (dims + 2) + "-D" : (dims + 1) + "-D or " + (dims + 2) + "-D";
            throw new IllegalArgumentException("pad: " + name + " padding of " + dims + " dims (" + pad.length
                    + " values) needs a " + (dims >= 1 && dims <= 3 ? needs : "1 to 3 dims") + " input, got shape " + Shape.str(x.shape()));
        }
        Tensor r = x;
        for (int k = 0; k < dims; k++) {
            int d = x.rank() - 1 - k;
            r = Indexing.gather(r, d, spread(sourceIndices(x, d, pad[2 * k], pad[2 * k + 1], mode, name), r, d), false);
        }
        return r;
    }

    /** For each output position along dim {@code d}, the input position it copies. */
    private static long[] sourceIndices(Tensor x, int d, int left, int right, PaddingMode mode, String name) {
        int n = x.size(d);
        int out = n + left + right;
        String at = "(" + left + ", " + right + ") at dim " + d + " of shape " + Shape.str(x.shape());
        if (n == 0 || out < 0) {
            throw new IllegalArgumentException("pad: " + name + " padding " + at + " needs a non-empty dim and leaves "
                    + Math.max(out, 0) + " elements");
        }
        if (mode == PaddingMode.REFLECT && (left >= n || right >= n)) {
            throw new IllegalArgumentException("pad: reflect padding " + at + " must be less than the dim's size " + n);
        }
        int core = n - Math.max(0, -left) - Math.max(0, -right);   // circular wraps around what cropping leaves
        if (mode == PaddingMode.CIRCULAR && (left > n || right > n || Math.max(0, left) > core || Math.max(0, right) > core)) {
            throw new IllegalArgumentException("pad: circular padding " + at + " would wrap around more than once");
        }
        long[] src = new long[out];
        for (int j = 0; j < out; j++) {
            int s = j - left;
            src[j] = switch (mode) {
                case REFLECT -> s < 0 ? -s : s >= n ? 2 * (n - 1) - s : s;
                case REPLICATE -> Math.min(Math.max(s, 0), n - 1);
                case CIRCULAR -> Math.max(0, -left) + Math.floorMod(j - Math.max(0, left), core);
                case CONSTANT -> throw new IllegalStateException("constant padding is not a gather");
            };
            if (src[j] < 0 || src[j] >= n) {
                throw new IllegalArgumentException("pad: " + name + " padding " + at + " reaches outside the input");
            }
        }
        return src;
    }

    /** {@code src} along dim {@code d} as a gather index for {@code like}: a broadcast view, no copy. */
    static Tensor spread(long[] src, Tensor like, int d) {
        int[] view = new int[like.rank()];
        java.util.Arrays.fill(view, 1);
        view[d] = src.length;
        int[] shape = like.shape();
        shape[d] = src.length;
        return Tensor.of(src, view).to(like.device()).expand(shape);
    }
}
