package dev.ember;

/**
 * PyTorch's {@code F.interpolate} (nearest, nearest-exact, linear, bilinear, bicubic, trilinear) as separable
 * resampling: one spatial dim at a time, last first, each output position a weighted sum of gathered input
 * positions along that dim ({@code sum_k w_k[j] * x[..., idx_k[j], ...]}). The indices and weights are computed
 * here with PyTorch 1.13's formulas ({@code aten/src/ATen/native/UpSample.h}) in the tensor's own precision, so
 * that float32 results round where PyTorch's do; the gradient is the gathers' (a scatter-add, which clamps at
 * the borders exactly as PyTorch's backward kernels accumulate).
 */
final class Interpolation {
    private Interpolation() {}

    /** Cubic convolution's free parameter, PyTorch's (and OpenCV's) choice. */
    private static final double A = -0.75;

    /** Exactly one of {@code size} and {@code scaleFactor} is non-null. */
    static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, InterpolationMode mode, boolean alignCorners) {
        String op = "interpolate";
        Ops.requireFloating(op, x);
        if (x.rank() < 3 || x.rank() > 5) {
            throw new IllegalArgumentException(op + ": expected a 3-D, 4-D or 5-D input ([N, C, spatial...]), got shape "
                    + Shape.str(x.shape()));
        }
        if (mode.rank() != 0 && mode.rank() != x.rank()) {
            throw new IllegalArgumentException(op + ": " + mode + " needs a " + mode.rank() + "-D input, got shape " + Shape.str(x.shape()));
        }
        if (alignCorners && !mode.interpolates()) {
            throw new IllegalArgumentException(op + ": alignCorners can only be set with the interpolating modes "
                    + "LINEAR, BILINEAR, BICUBIC and TRILINEAR, not " + mode);
        }
        int spatial = x.rank() - 2;
        int given = size != null ? size.length : scaleFactor.length;
        if (given != spatial) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.str(x.shape()) + " has " + spatial
                    + " spatial dims but " + given + (size != null ? " output sizes" : " scale factors") + " were given");
        }
        int[] out = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            int in = x.size(2 + i);
            out[i] = size != null ? size[i] : (int) Math.floor(in * scaleFactor[i]);
            if (in < 1 || out[i] < 1) {
                throw new IllegalArgumentException(op + ": input and output sizes must be positive, got input " + in
                        + " and output " + out[i] + " in spatial dim " + i + " (input shape " + Shape.str(x.shape()) + ")");
            }
        }
        boolean f32 = x.dtype() == DType.FLOAT32 || x.dtype().isHalf();   // half types compute in float32
        Tensor r = x;
        for (int i = spatial - 1; i >= 0; i--) {
            Double scale = scaleFactor == null ? null : scaleFactor[i];
            r = resample(r, 2 + i, new Axis(x.size(2 + i), out[i], scale, alignCorners, f32), mode);
        }
        return r;
    }

    /**
     * One dim's geometry: {@code in} to {@code out} positions, with the scale the caller gave (or null), in float32
     * arithmetic when {@code f32} (PyTorch computes indices and weights in the tensor's scalar type).
     */
    record Axis(int in, int out, Double scale, boolean alignCorners, boolean f32) {
        double round(double v) { return f32 ? (float) v : v; }

        /** PyTorch's {@code compute_scales_value}: {@code 1 / scale} when a scale was given, else in / out. */
        double scalesValue() { return scale != null && scale > 0 ? round(1.0 / scale) : round((double) in / out); }

        /** PyTorch's {@code area_pixel_compute_scale}. */
        double areaScale() {
            if (alignCorners) return out > 1 ? round((double) (in - 1) / (out - 1)) : 0;
            return scalesValue();
        }

        /** PyTorch's {@code area_pixel_compute_source_index}. */
        double sourceIndex(double areaScale, int dst, boolean cubic) {
            if (alignCorners) return round(areaScale * dst);
            double src = round(round(areaScale * round(dst + 0.5)) - 0.5);
            return !cubic && src < 0 ? 0 : src;
        }
    }

    /** Output position {@code j} along the axis is {@code sum_k weights[k][j] * input[indices[k][j]]}. */
    private record Taps(long[][] indices, double[][] weights) {}

    private static Tensor resample(Tensor x, int dim, Axis axis, InterpolationMode mode) {
        Taps taps = switch (mode) {
            case NEAREST, NEAREST_EXACT -> nearest(axis, mode == InterpolationMode.NEAREST_EXACT);
            case LINEAR, BILINEAR, TRILINEAR -> linear(axis);
            case BICUBIC -> cubic(axis);
        };
        Tensor sum = null;
        for (int k = 0; k < taps.indices.length; k++) {
            Tensor picked = Indexing.gather(x, dim, Padding.spread(taps.indices[k], x, dim), false);
            if (taps.weights != null) picked = picked.mul(weights(taps.weights[k], x, dim));
            sum = sum == null ? picked : sum.add(picked);
        }
        return sum;
    }

    /** {@code w} as a tensor of {@code like}'s dtype that broadcasts along {@code dim}. */
    private static Tensor weights(double[] w, Tensor like, int dim) {
        int[] view = new int[like.rank() - dim];
        java.util.Arrays.fill(view, 1);
        view[0] = w.length;
        return Tensor.of(w, view).to(like.dtype()).to(like.device());
    }

    /** PyTorch's {@code nearest_idx} and {@code nearest_exact_idx}: float32 arithmetic whatever the dtype. */
    private static Taps nearest(Axis a, boolean exact) {
        long[] idx = new long[a.out];
        float scale = (float) (a.scale != null && a.scale > 0 ? 1.0 / a.scale : (float) a.in / a.out);
        for (int j = 0; j < a.out; j++) {
            long src;
            if (exact) src = (long) Math.floor((float) ((j + 0.5) * scale));
            else if (a.out == a.in) src = j;
            else if (a.out == 2 * a.in) src = j >> 1;
            else src = (long) Math.floor(j * scale);   // float product, as floorf(dst_index * scale)
            idx[j] = Math.min(src, a.in - 1);
        }
        return new Taps(new long[][] {idx}, null);
    }

    /** PyTorch's {@code compute_source_index_and_lambda}. */
    private static Taps linear(Axis a) {
        long[] i0 = new long[a.out], i1 = new long[a.out];
        double[] w0 = new double[a.out], w1 = new double[a.out];
        double scale = a.areaScale();
        for (int j = 0; j < a.out; j++) {
            if (a.out == a.in) {
                i0[j] = i1[j] = j;
                w0[j] = 1;
                continue;
            }
            double src = a.sourceIndex(scale, j, false);
            i0[j] = (long) src;
            i1[j] = i0[j] + (i0[j] < a.in - 1 ? 1 : 0);
            w1[j] = Math.min(Math.max(a.round(src - i0[j]), 0), 1);
            w0[j] = a.round(1 - w1[j]);
        }
        return new Taps(new long[][] {i0, i1}, new double[][] {w0, w1});
    }

    /** PyTorch's bicubic indices (clamped at the borders) and {@code get_cubic_upsample_coefficients}. */
    private static Taps cubic(Axis a) {
        long[][] idx = new long[4][a.out];
        double[][] w = new double[4][a.out];
        double scale = a.areaScale();
        for (int j = 0; j < a.out; j++) {
            double src = a.sourceIndex(scale, j, true);
            long base = (long) Math.floor((float) src);   // floorf, whatever the dtype
            double t = a.round(src - base);
            double t2 = a.round(1 - t);
            w[0][j] = cubicFar(a, a.round(t + 1));
            w[1][j] = cubicNear(a, t);
            w[2][j] = cubicNear(a, t2);
            w[3][j] = cubicFar(a, a.round(t2 + 1));
            for (int k = 0; k < 4; k++) idx[k][j] = Math.max(Math.min(base - 1 + k, a.in - 1), 0);
        }
        return new Taps(idx, w);
    }

    /** {@code ((A + 2) x - (A + 3)) x x + 1}, for {@code |x| <= 1}. */
    private static double cubicNear(Axis a, double x) {
        double v = a.round(a.round((A + 2) * x) - (A + 3));
        return a.round(a.round(a.round(v * x) * x) + 1);
    }

    /** {@code ((A x - 5 A) x + 8 A) x - 4 A}, for {@code 1 < |x| < 2}. */
    private static double cubicFar(Axis a, double x) {
        double v = a.round(a.round(A * x) - 5 * A);
        v = a.round(a.round(v * x) + 8 * A);
        return a.round(a.round(v * x) - 4 * A);
    }
}
