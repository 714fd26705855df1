package dev.ember;

import java.util.Arrays;

/** Matrix products. One kernel, batched {@code [B, M, K] @ [B, K, N]}; vectors and broadcast batches are views. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    static Tensor matmul(Tensor a, Tensor b) {
        a = Autocast.cast("matmul", a);
        b = Autocast.cast("matmul", b);
        Ops.sameDevice("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeException("matmul: both operands need at least 1 dim, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + "; use mul for scalars");
        }
        if (!a.dtype().isFloating() || !b.dtype().isFloating()) {
            throw new DTypeException("matmul: expected float tensors, got " + a.dtype() + " and " + b.dtype()
                    + "; cast with to(DType.FLOAT32)");
        }
        if (a.rank() == 1 && b.rank() == 1) return dot(a, b);
        if (a.rank() == 1) return matrixTimes(a, b, a.unsqueeze(0), b, -2);
        if (b.rank() == 1) return matrixTimes(a, b, a, b.unsqueeze(-1), -1);
        return batched(a, b);
    }

    /** {@code am @ bm} with the vector's added dim {@code squeezed} removed; the vector's view goes with the call. */
    private static Tensor matrixTimes(Tensor a, Tensor b, Tensor am, Tensor bm, int squeezed) {
        Tensor product = matmul(am, bm);
        Tensor out = product.squeeze(squeezed);
        Tensor[] keep = {out, a, b};
        Ops.closeInternal(keep, product);
        if (!Ops.recording(a, b)) Ops.closeInternal(keep, am, bm);   // else matmul saved them for backward
        return out;
    }

    /** Both operands have at least 2 dims; leading dims broadcast. */
    private static Tensor batched(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new ShapeException("matmul: shapes " + Shape.str(as) + " and " + Shape.str(bs)
                    + " cannot be multiplied (" + k + " columns vs " + bs[bs.length - 2] + " rows)");
        }
        int[] batch;
        try {
            batch = Shape.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (IllegalArgumentException e) {   // name the operands, not only their batch dims
            throw new ShapeException("matmul: the batch dims of " + Shape.str(as) + " and " + Shape.str(bs)
                    + " do not broadcast (" + e.getMessage() + ")", e);
        }
        int batchSize = Shape.dimOf("matmul", batch, Shape.numel(batch));
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Tensor ca = a.to(dtype);
        Tensor cb = b.to(dtype);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor aBatch = ca.expand(concat(batch, m, k));
            Tensor bBatch = cb.expand(concat(batch, k, n));
            Tensor a3 = aBatch.reshape(batchSize, m, k);
            Tensor b3 = bBatch.reshape(batchSize, k, n);
            Tensor out3 = Ops.empty(a3, dtype, new int[] {batchSize, m, n});
            a3.backend().matmul(a3.storage(), a3.layout(), b3.storage(), b3.layout(), out3.storage(), out3.layout(), false);
            out = out3.reshape(concat(batch, m, n));
            Ops.closeInternal(new Tensor[] {out, ca, cb}, out3, a3, b3, aBatch, bBatch);
        }
        if (!Ops.recording(ca, cb)) Ops.closeInternal(new Tensor[] {out, a, b}, ca, cb);   // else saved for backward
        return Ops.record("matmul", out, new Tensor[] {ca, cb}, new Tensor[] {ca, cb}, (g, needs) -> new Tensor[] {
            needs[0] ? Reductions.sumTo(matmul(g, cb.transpose(-1, -2)), ca.shape()) : null,
            needs[1] ? Reductions.sumTo(matmul(ca.transpose(-1, -2), g), cb.shape()) : null
        });
    }

    /**
     * {@code x @ wᵀ + bias} for {@code x [..., in]}, {@code w [out, in]} and {@code bias [out]} (or null), as
     * PyTorch's {@code F.linear}. One GEMM: the output starts as the bias and the product is accumulated onto it.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        x = Autocast.cast("linear", x);
        w = Autocast.cast("linear", w);
        bias = Autocast.cast("linear", bias);
        Ops.sameDevice("linear", x, w);
        if (bias != null) Ops.sameDevice("linear", x, bias);
        if (x.rank() < 1 || w.rank() != 2 || x.shape()[x.rank() - 1] != w.shape()[1]
                || (bias != null && (bias.rank() != 1 || bias.shape()[0] != w.shape()[0]))) {
            throw new IllegalArgumentException("linear: expected input [..., in], weight [out, in] and bias [out], got "
                    + Shape.str(x.shape()) + ", " + Shape.str(w.shape())
                    + (bias == null ? " and no bias" : " and " + Shape.str(bias.shape())));
        }
        if (!x.dtype().isFloating() || !w.dtype().isFloating() || (bias != null && !bias.dtype().isFloating())) {
            throw new IllegalArgumentException("linear: expected float tensors, got " + x.dtype() + ", " + w.dtype()
                    + (bias == null ? "" : " and " + bias.dtype()) + "; cast with to(DType.FLOAT32)");
        }
        DType dtype = bias == null ? DType.promote(x.dtype(), w.dtype()) : DType.promote(DType.promote(x.dtype(), w.dtype()), bias.dtype());
        Tensor cx = x.to(dtype);
        Tensor cw = w.to(dtype);
        Tensor cb = bias == null ? null : bias.to(dtype);
        int in = w.shape()[1];
        int outFeatures = w.shape()[0];
        int rows = Shape.dimOf("linear", x.shape(), Shape.numel(Arrays.copyOf(x.shape(), x.rank() - 1)));
        int[] outShape = x.shape().clone();
        outShape[outShape.length - 1] = outFeatures;
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor x3 = cx.reshape(1, rows, in);
            Tensor wt = cw.t();
            Tensor w3 = wt.unsqueeze(0);
            Tensor out3 = Ops.empty(x3, dtype, new int[] {1, rows, outFeatures});
            Tensor biasRows = cb == null ? null : cb.expand(rows, outFeatures);
            Tensor outRows = cb == null ? null : out3.reshape(rows, outFeatures);
            if (cb != null) out3.backend().copy(cb.storage(), biasRows.layout(), out3.storage(), outRows.layout());
            out3.backend().matmul(x3.storage(), x3.layout(), w3.storage(), w3.layout(), out3.storage(), out3.layout(), cb != null);
            out = out3.reshape(outShape);
            Ops.closeInternal(new Tensor[] {out, cx, cw, cb}, x3, wt, w3, out3, biasRows, outRows);
        }
        if (!Ops.recording(cx, cw, cb)) Ops.closeInternal(new Tensor[] {out, x, w, bias}, cx, cw, cb);   // else saved
        Tensor[] inputs = cb == null ? new Tensor[] {cx, cw} : new Tensor[] {cx, cw, cb};
        return Ops.record("linear", out, inputs, new Tensor[] {cx, cw}, (g, needs) -> {
            Tensor g2 = g.reshape(rows, outFeatures);
            return new Tensor[] {
                needs[0] ? g.matmul(cw) : null,
                needs[1] ? g2.t().matmul(cx.reshape(rows, in)) : null,
                needs.length > 2 && needs[2] ? g2.sum(0) : null
            };
        });
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    static Tensor dot(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1 || a.numel() != b.numel()) {
            throw new IllegalArgumentException("dot: expected two vectors of equal length, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        Tensor products = a.mul(b);
        Tensor out = products.sum();
        Ops.closeInternal(new Tensor[] {out, a, b}, products);   // sum saves nothing
        return out;
    }

    static Tensor outer(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("outer: expected two vectors, got shapes " + Shape.str(a.shape())
                    + " and " + Shape.str(b.shape()));
        }
        Tensor column = a.unsqueeze(1);
        Tensor row = b.unsqueeze(0);
        Tensor out = column.mul(row);
        if (!Ops.recording(a, b)) Ops.closeInternal(new Tensor[] {out, a, b}, column, row);   // else mul saved them
        return out;
    }
}
