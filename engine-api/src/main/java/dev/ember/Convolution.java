package dev.ember;

import dev.ember.backend.ConvGeometry;

/**
 * Convolution as three ops that are each other's gradients: {@code conv2d(x, w)}, its input gradient
 * {@code conv2dBackwardInput(dy, w)} (a transposed convolution) and its weight gradient
 * {@code conv2dBackwardWeight(x, dy)}. All three are bilinear, so each one's gradient is one of the others,
 * which gives gradients of any order. 1-D convolution runs as 2-D with height 1.
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
        return out.add(bias.reshape(1, m, 1, 1));
    }

    private static void check2(String what, int[] v) {
        if (v.length != 2) throw new IllegalArgumentException("conv2d: " + what + " needs 2 values (height, width), got " + v.length);
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
