package dev.ember;

/**
 * Sliding-block and sub-pixel rearrangements: PyTorch's {@code F.unfold} (im2col), {@code F.fold} (col2im),
 * {@code F.pixel_shuffle} and {@code F.pixel_unshuffle}. Unfold is one gather from the zero-padded planes with
 * the position of every (kernel tap, block) pair computed here; fold is the scatter-add of the same positions,
 * so each is the other's gradient. The pixel shuffles are a reshape, a permute and a reshape.
 */
final class Patches {
    private Patches() {}

    /** Kernel, dilation, padding and stride of a 2-D sliding window, checked. */
    record Window(int kh, int kw, int dh, int dw, int ph, int pw, int sh, int sw) {
        static Window of(String op, int[] kernel, int[] dilation, int[] padding, int[] stride) {
            int[] k = pair(op, "kernel size", kernel, 1);
            int[] d = pair(op, "dilation", dilation, 1);
            int[] p = pair(op, "padding", padding, 0);
            int[] s = pair(op, "stride", stride, 1);
            return new Window(k[0], k[1], d[0], d[1], p[0], p[1], s[0], s[1]);
        }

        private static int[] pair(String op, String what, int[] v, int min) {
            if (v.length != 1 && v.length != 2) {
                throw new IllegalArgumentException(op + ": " + what + " takes 1 or 2 values, got " + java.util.Arrays.toString(v));
            }
            int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
            if (p[0] < min || p[1] < min) {
                throw new IllegalArgumentException(op + ": " + what + " must be " + (min == 0 ? "non-negative" : "positive")
                        + ", got " + java.util.Arrays.toString(v));
            }
            return p;
        }

        int blocksH(int h) { return Math.floorDiv(h + 2 * ph - dh * (kh - 1) - 1, sh) + 1; }

        int blocksW(int w) { return Math.floorDiv(w + 2 * pw - dw * (kw - 1) - 1, sw) + 1; }

        @Override
        public String toString() {
            return "kernel (" + kh + ", " + kw + "), dilation (" + dh + ", " + dw + "), padding (" + ph + ", " + pw
                    + "), stride (" + sh + ", " + sw + ")";
        }

        /**
         * For tap {@code (u, v)} of block {@code (i, j)}, at {@code (u * kw + v) * L + i * ow + j}: its position
         * {@code r * Wp + c} in a padded plane {@code Wp} wide.
         */
        long[] positions(int oh, int ow, int paddedW) {
            long[] at = new long[kh * kw * oh * ow];
            int n = 0;
            for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) at[n++] = (long) (i * sh + u * dh) * paddedW + (j * sw + v * dw);
            return at;
        }
    }

    /** {@code [N, C, H, W]} (or {@code [C, H, W]}) to {@code [N, C * kh * kw, L]}, L the number of blocks. */
    static Tensor unfold(Tensor x, Window w) {
        String op = "unfold";
        Ops.requireFloating(op, x);
        if (x.rank() == 3) return unfold(x.unsqueeze(0), w).squeeze(0);
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got shape "
                    + Shape.str(x.shape()));
        }
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int oh = w.blocksH(h), ow = w.blocksW(wd);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.str(x.shape()) + " with " + w
                    + " gives " + oh + " x " + ow + " blocks; both must be at least 1");
        }
        Tensor padded = w.ph == 0 && w.pw == 0 ? x : Padding.pad(x, new int[] {w.pw, w.pw, w.ph, w.ph}, PaddingMode.CONSTANT, 0);
        int pw = wd + 2 * w.pw;
        long[] at = w.positions(oh, ow, pw);
        Tensor planes = padded.reshape(n, c, (h + 2 * w.ph) * pw);
        Tensor index = Tensor.of(at, 1, 1, at.length).to(x.device()).expand(n, c, at.length);
        return Indexing.gather(planes, 2, index, false).reshape(n, c * w.kh * w.kw, oh * ow);
    }

    /** {@code [N, C * kh * kw, L]} (or {@code [C * kh * kw, L]}) to {@code [N, C, H, W]}, overlaps summed. */
    static Tensor fold(Tensor cols, int[] outputSize, Window w) {
        String op = "fold";
        Ops.requireFloating(op, cols);
        int[] size = Window.pair(op, "output size", outputSize, 1);
        if (cols.rank() == 2) return fold(cols.unsqueeze(0), size, w).squeeze(0);
        if (cols.rank() != 3) {
            throw new IllegalArgumentException(op + ": expected a 2-D or 3-D input ([C * kh * kw, L] or [N, C * kh * kw, L]), got shape "
                    + Shape.str(cols.shape()));
        }
        int taps = w.kh * w.kw;
        if (cols.size(1) % taps != 0) {
            throw new IllegalArgumentException(op + ": dim 1 of the input " + Shape.str(cols.shape()) + " must be divisible by the "
                    + taps + " kernel taps of " + w);
        }
        int h = size[0], wd = size[1];
        int oh = w.blocksH(h), ow = w.blocksW(wd);
        if (oh < 1 || ow < 1 || cols.size(2) != oh * ow) {
            throw new IllegalArgumentException(op + ": output size (" + h + ", " + wd + ") with " + w + " has " + oh + " x " + ow
                    + " blocks, but dim 2 of the input " + Shape.str(cols.shape()) + " is " + cols.size(2));
        }
        int n = cols.size(0), c = cols.size(1) / taps;
        int ph = h + 2 * w.ph, pw = wd + 2 * w.pw;
        long[] at = w.positions(oh, ow, pw);
        Tensor index = Tensor.of(at, 1, 1, at.length).to(cols.device()).expand(n, c, at.length);
        Tensor summed = Indexing.scatterAddIntoZeros(new int[] {n, c, ph * pw}, 2, index, cols.reshape(n, c, at.length))
                .reshape(n, c, ph, pw);
        if (w.ph == 0 && w.pw == 0) return summed;
        return summed.slice(2, w.ph, w.ph + h, 1).slice(3, w.pw, w.pw + wd, 1);
    }

    /** {@code [..., C * r * r, H, W]} to {@code [..., C, H * r, W * r]}. */
    static Tensor pixelShuffle(Tensor x, int r) {
        String op = "pixelShuffle";
        int rank = checkShuffle(op, x, r);
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException(op + ": channels (dim -3 of " + Shape.str(x.shape()) + ") must be divisible by "
                    + "the square of the upscale factor " + r);
        }
        int[] lead = java.util.Arrays.copyOf(x.shape(), rank - 3);
        Tensor split = x.reshape(concat(lead, c / (r * r), r, r, h, w));
        int b = lead.length;
        Tensor moved = split.permute(concat(range(b), b, b + 3, b + 1, b + 4, b + 2));
        return moved.reshape(concat(lead, c / (r * r), h * r, w * r));
    }

    /** {@code [..., C, H * r, W * r]} to {@code [..., C * r * r, H, W]}: the inverse of {@link #pixelShuffle}. */
    static Tensor pixelUnshuffle(Tensor x, int r) {
        String op = "pixelUnshuffle";
        int rank = checkShuffle(op, x, r);
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (h % r != 0 || w % r != 0) {
            throw new IllegalArgumentException(op + ": height and width (" + h + ", " + w + " of " + Shape.str(x.shape())
                    + ") must be divisible by the downscale factor " + r);
        }
        int[] lead = java.util.Arrays.copyOf(x.shape(), rank - 3);
        Tensor split = x.reshape(concat(lead, c, h / r, r, w / r, r));
        int b = lead.length;
        Tensor moved = split.permute(concat(range(b), b, b + 2, b + 4, b + 1, b + 3));
        return moved.reshape(concat(lead, c * r * r, h / r, w / r));
    }

    private static int checkShuffle(String op, Tensor x, int r) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(op + ": expected at least 3 dims ([..., C, H, W]), got shape " + Shape.str(x.shape()));
        }
        if (r < 1) throw new IllegalArgumentException(op + ": the factor must be positive, got " + r);
        return x.rank();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static int[] concat(int[] head, int... tail) {
        int[] r = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }
}
