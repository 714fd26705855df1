package dev.ember;

import dev.ember.backend.PoolGeometry;

/**
 * Max and average pooling. Max pooling finds the winners with a kernel and takes their values with
 * {@code gather}, so its gradient (a scatter-add to the winners) comes from gather's rule. Average pooling and
 * its transpose are each other's gradients. 1-D pooling runs as 2-D with height 1.
 */
final class Pooling {
    private Pooling() {}

    private static void check(String op, Tensor x, PoolGeometry g) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + Shape.str(x.shape()));
        Ops.requireFloating(op, x);
        if (g.outH(x.size(2)) < 1 || g.outW(x.size(3)) < 1) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " is smaller than the window "
                    + g.kernelH() + "x" + g.kernelW());
        }
    }

    static Tensor.ValuesAndIndices maxPool2d(Tensor x, PoolGeometry g) {
        check("maxPool2d", x, g);
        Tensor xc = Ops.packed(x);
        int n = x.size(0);
        int c = x.size(1);
        int[] outShape = {n, c, g.outH(x.size(2)), g.outW(x.size(3))};
        Tensor values = Ops.empty(xc, xc.dtype(), outShape);
        Tensor indices = Ops.empty(xc, DType.INT64, outShape);
        xc.backend().maxPool2d(xc.storage(), xc.shape(), g, values.storage(), indices.storage(), outShape);
        int[] inShape = xc.shape();
        // the gradient is gather's: the incoming gradient added at the winners' positions, itself differentiable
        Ops.record("maxPool2d", values, new Tensor[] {xc}, new Tensor[] {indices}, (dy, needs) -> new Tensor[] {
            Indexing.scatterAddIntoZeros(new int[] {n, c, inShape[2] * inShape[3]}, 2, indices.reshape(n, c, -1),
                    dy.reshape(n, c, -1)).reshape(inShape)
        });
        return new Tensor.ValuesAndIndices(values, indices);
    }

    static Tensor avgPool2d(Tensor x, PoolGeometry g) {
        check("avgPool2d", x, g);
        Tensor xc = Ops.packed(x);
        int[] outShape = {x.size(0), x.size(1), g.outH(x.size(2)), g.outW(x.size(3))};
        Tensor out = Ops.empty(xc, xc.dtype(), outShape);
        xc.backend().avgPool2d(xc.storage(), xc.shape(), g, out.storage(), outShape);
        int[] inShape = xc.shape();
        return Ops.record("avgPool2d", out, new Tensor[] {xc}, (dy, needs) -> new Tensor[] {avgPool2dBackward(dy, inShape, g)});
    }

    private static Tensor avgPool2dBackward(Tensor dy, int[] inShape, PoolGeometry g) {
        Tensor dyc = Ops.packed(dy);
        Tensor dx = Ops.empty(dyc, dyc.dtype(), inShape);
        dyc.backend().avgPool2dBackward(dyc.storage(), dyc.shape(), g, dx.storage(), inShape);
        return Ops.record("avgPool2dBackward", dx, new Tensor[] {dyc}, (h, needs) -> new Tensor[] {avgPool2d(h, g)});
    }

    /** Max pooling's values alone ({@link Tensor#maxPool2d}): the indices go with the call unless backward needs them. */
    static Tensor maxPool2dValues(Tensor x, PoolGeometry g) {
        Tensor.ValuesAndIndices pooled = maxPool2d(x, g);
        if (!Ops.recording(x)) pooled.indices().close();
        return pooled.values();
    }

    static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) {
        check1("maxPool1d", x);
        Tensor x2 = x.unsqueeze(2);
        Tensor y2 = maxPool2dValues(x2, new PoolGeometry(1, kernel, 1, stride, 0, padding));
        return squeezedHeight(x, x2, y2);
    }

    static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding) {
        check1("avgPool1d", x);
        Tensor x2 = x.unsqueeze(2);
        return squeezedHeight(x, x2, avgPool2d(x2, new PoolGeometry(1, kernel, 1, stride, 0, padding)));
    }

    /** {@code y2} without its height 1; the 2-D views of the call go with it (the 2-D pools save neither). */
    private static Tensor squeezedHeight(Tensor x, Tensor x2, Tensor y2) {
        Tensor y = y2.squeeze(2);
        Ops.closeInternal(new Tensor[] {y, x}, x2, y2);
        return y;
    }

    private static void check1(String op, Tensor x) {
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": expected input [N, C, L], got " + Shape.str(x.shape()));
    }
}
