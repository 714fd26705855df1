package dev.ember;

import dev.ember.backend.ConvGeometry;

/**
 * Convolution as three ops that are each other's gradients: {@code conv2d(x, w)}, its input gradient
 * {@code conv2dBackwardInput(dy, w)} (a transposed convolution) and its weight gradient
 * {@code conv2dBackwardWeight(x, dy)}. All three are bilinear, so each one's gradient is one of the others,
 * which gives gradients of any order. 1-D convolution runs as 2-D with height 1. Transposed convolution is
 * {@code conv2dBackwardInput} itself, so it costs one kernel and inherits the same gradients.
 */
final class Convolution {
    private Convolution() {}

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        x = Autocast.cast("conv2d", x);
        w = Autocast.cast("conv2d", w);
        bias = Autocast.cast("conv2d", bias);
        Ops.sameDevice("conv2d", x, w);
        check2("stride", stride);
        check2("padding", padding);
        check2("dilation", dilation);
        ConvGeometry g = new ConvGeometry(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expected input [N, C, H, W] and weight [M, C/groups, kH, kW], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(w.shape()));
        }
        Ops.requireFloating("conv2d", x);
        Ops.requireFloating("conv2d", w);
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException("conv2d: input is " + x.dtype() + " but weight is " + w.dtype());
        }
        int c = x.size(1);
        int m = w.size(0);
        if (c != w.size(1) * groups || m % groups != 0) {
            throw new IllegalArgumentException("conv2d: input " + Shape.str(x.shape()) + " has " + c + " channels but weight "
                    + Shape.str(w.shape()) + " expects " + w.size(1) + " x " + groups + " groups (and " + m
                    + " filters must divide into the groups)");
        }
        int oh = g.outH(x.size(2), w.size(2));
        int ow = g.outW(x.size(3), w.size(3));
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d: input " + Shape.str(x.shape()) + " is smaller than the dilated kernel "
                    + Shape.str(w.shape()) + " with padding " + g.padH() + "x" + g.padW() + " (output would be " + oh + "x" + ow + ")");
        }
        Tensor out = forward(x, w, g);
        if (bias == null) return out;
        if (bias.rank() != 1 || bias.size(0) != m) {
            throw new IllegalArgumentException("conv2d: bias must have shape [" + m + "], got " + Shape.str(bias.shape()));
        }
        Tensor biasView = bias.reshape(1, m, 1, 1);
        Tensor biased = out.add(biasView);
        Ops.closeInternal(new Tensor[] {biased, bias}, out, biasView);   // add saves nothing
        return biased;
    }

    private static void check2(String what, int[] v) { check2("conv2d", what, v); }

    private static void check2(String op, String what, int[] v) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " needs 2 values (height, width), got " + (v == null ? "null" : v.length));
        }
    }

    private static Tensor forward(Tensor x, Tensor w, ConvGeometry g) {
        Tensor xc = Ops.packed(x);
        Tensor wc = Ops.packed(w);
        int[] outShape = {x.size(0), w.size(0), g.outH(x.size(2), w.size(2)), g.outW(x.size(3), w.size(3))};
        Tensor out = Ops.empty(xc, xc.dtype(), outShape);
        xc.backend().conv2d(xc.storage(), xc.shape(), wc.storage(), wc.shape(), g, out.storage(), outShape);
        return Ops.record("conv2d", out, new Tensor[] {xc, wc}, new Tensor[] {xc, wc}, (dy, needs) -> new Tensor[] {
            needs[0] ? backwardInput(dy, wc, xc.shape(), g) : null,
            needs[1] ? backwardWeight(xc, dy, wc.shape(), g) : null
        });
    }

    /** dL/dx of conv2d: the transposed convolution of {@code dy} with {@code w}. */
    static Tensor backwardInput(Tensor dy, Tensor w, int[] xShape, ConvGeometry g) {
        Tensor dyc = Ops.packed(dy);
        Tensor wc = Ops.packed(w);
        Tensor dx = Ops.empty(dyc, dyc.dtype(), xShape);
        dyc.backend().conv2dBackwardInput(dyc.storage(), dyc.shape(), wc.storage(), wc.shape(), g, dx.storage(), xShape);
        // <h, bi(dy, w)> = <conv(h, w), dy>: so d/d(dy) = conv(h, w) and d/dw = bw(h, dy)
        return Ops.record("conv2dBackwardInput", dx, new Tensor[] {dyc, wc}, new Tensor[] {dyc, wc}, (h, needs) -> new Tensor[] {
            needs[0] ? forward(h, wc, g) : null,
            needs[1] ? backwardWeight(h, dyc, wc.shape(), g) : null
        });
    }

    /** dL/dw of conv2d: the correlation of {@code x} with {@code dy}. */
    static Tensor backwardWeight(Tensor x, Tensor dy, int[] wShape, ConvGeometry g) {
        Tensor xc = Ops.packed(x);
        Tensor dyc = Ops.packed(dy);
        Tensor dw = Ops.empty(xc, xc.dtype(), wShape);
        xc.backend().conv2dBackwardWeight(xc.storage(), xc.shape(), dyc.storage(), dyc.shape(), g, dw.storage(), wShape);
        // <h, bw(x, dy)> = <conv(x, h), dy>: so d/dx = bi(dy, h) and d/d(dy) = conv(x, h)
        return Ops.record("conv2dBackwardWeight", dw, new Tensor[] {xc, dyc}, new Tensor[] {xc, dyc}, (h, needs) -> new Tensor[] {
            needs[0] ? backwardInput(dyc, h, xc.shape(), g) : null,
            needs[1] ? forward(xc, h, g) : null
        });
    }

    /**
     * Transposed convolution, PyTorch's {@code F.conv_transpose2d}: {@code x [N, C, H, W]} with
     * {@code w [C, M/groups, kH, kW]} gives {@code [N, M, H', W']}, each size
     * {@code (H - 1) s - 2p + d (k - 1) + outputPadding + 1}. It is the input gradient of the convolution with the
     * same geometry (whose weight has this layout), so its gradients are that convolution (input) and its weight
     * gradient with the roles of input and output swapped (weight).
     */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                  int groups, int[] dilation) {
        String op = "convTranspose2d";
        Ops.sameDevice(op, x, w);
        check2(op, "stride", stride);
        check2(op, "padding", padding);
        check2(op, "outputPadding", outputPadding);
        check2(op, "dilation", dilation);
        ConvGeometry g = new ConvGeometry(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        for (int i = 0; i < 2; i++) {
            // PyTorch's rule: beyond both, the extra rows would lie past every input's reach
            if (outputPadding[i] < 0 || (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i])) {
                throw new IllegalArgumentException(op + ": outputPadding must be >= 0 and smaller than either stride or dilation, got outputPadding "
                        + java.util.Arrays.toString(outputPadding) + ", stride " + java.util.Arrays.toString(stride)
                        + ", dilation " + java.util.Arrays.toString(dilation));
            }
        }
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W] and weight [C, M/groups, kH, kW], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(w.shape()));
        }
        Ops.requireFloating(op, x);
        Ops.requireFloating(op, w);
        if (x.dtype() != w.dtype()) throw new IllegalArgumentException(op + ": input is " + x.dtype() + " but weight is " + w.dtype());
        int c = x.size(1);
        if (c != w.size(0) || c % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " has " + c + " channels but weight "
                    + Shape.str(w.shape()) + " expects " + w.size(0) + " (which must divide into " + groups + " groups)");
        }
        int m = Math.multiplyExact(w.size(1), groups);
        int oh = transposedSize(x.size(2), w.size(2), stride[0], padding[0], dilation[0], outputPadding[0]);
        int ow = transposedSize(x.size(3), w.size(3), stride[1], padding[1], dilation[1], outputPadding[1]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " with weight " + Shape.str(w.shape())
                    + " and padding " + g.padH() + "x" + g.padW() + " gives an output of " + oh + "x" + ow);
        }
        Tensor out;
        if (outputPadding[0] < stride[0] && outputPadding[1] < stride[1]) {
            // the convolution of an [oh, ow] input gives [H, W] again: one backend call
            out = backwardInput(x, w, new int[] {x.size(0), m, oh, ow}, g);
        } else {
            // an output padding of a stride or more (allowed below the dilation) makes sizes no convolution of this
            // geometry maps back to [H, W]: take the whole unpadded output and cut the padding (or add zeros) around it
            ConvGeometry whole = new ConvGeometry(stride[0], stride[1], 0, 0, dilation[0], dilation[1], groups);
            int fh = transposedSize(x.size(2), w.size(2), stride[0], 0, dilation[0], 0);
            int fw = transposedSize(x.size(3), w.size(3), stride[1], 0, dilation[1], 0);
            Tensor full = backwardInput(x, w, new int[] {x.size(0), m, fh, fw}, whole);
            out = full.pad(new int[] {-padding[1], ow + padding[1] - fw, -padding[0], oh + padding[0] - fh}, 0.0);
        }
        if (bias == null) return out;
        if (bias.rank() != 1 || bias.size(0) != m) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + m + "], got " + Shape.str(bias.shape()));
        }
        Tensor biasView = bias.reshape(1, m, 1, 1);
        Tensor biased = out.add(biasView);
        Ops.closeInternal(new Tensor[] {biased, bias}, out, biasView);   // add saves nothing
        return biased;
    }

    /** {@code (in - 1) s - 2p + d (k - 1) + outputPadding + 1}, in long so that no size wraps. */
    static int transposedSize(int in, int k, int stride, int pad, int dilation, int outputPadding) {
        long size = ((long) in - 1) * stride - 2L * pad + (long) dilation * (k - 1) + outputPadding + 1;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("transposed convolution output size " + size + " is more than " + Integer.MAX_VALUE
                    + ", the most one dim holds");
        }
        return (int) Math.max(size, Integer.MIN_VALUE);
    }

    /** 1-D transposed convolution as 2-D with height 1, as {@link #conv1d}. */
    static Tensor convTranspose1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int outputPadding, int groups,
                                  int dilation) {
        if (x.rank() != 3 || w.rank() != 3) {
            throw new IllegalArgumentException("convTranspose1d: expected input [N, C, L] and weight [C, M/groups, k], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(w.shape()));
        }
        Tensor y = convTranspose2d(x.unsqueeze(2), w.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {0, outputPadding}, groups, new int[] {1, dilation});
        return y.squeeze(2);
    }

    static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        x = Autocast.cast("conv1d", x);
        w = Autocast.cast("conv1d", w);
        bias = Autocast.cast("conv1d", bias);
        if (x.rank() != 3 || w.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected input [N, C, L] and weight [M, C/groups, k], got "
                    + Shape.str(x.shape()) + " and " + Shape.str(w.shape()));
        }
        Tensor y = conv2d(x.unsqueeze(2), w.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups);
        return y.squeeze(2);
    }
}
