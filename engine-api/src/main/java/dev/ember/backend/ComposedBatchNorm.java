package dev.ember.backend;

import dev.ember.DType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Backend#batchNorm} and {@link Backend#batchNormBackward} composed of a backend's own {@code reduce},
 * {@code binary}, {@code unary} and {@code fill} kernels, for a backend without fused batch-norm kernels (the CUDA
 * backend, until cuDNN's batch norm is wired): the same passes the tensor-op composite makes, without the graph.
 * Scratch storages come from {@link Backend#allocate} and are released before each call returns; a device that
 * queues kernels in order (a CUDA stream) keeps them valid for the kernels still queued.
 * <pre>{@code
 * public void batchNorm(Storage x, int n, int c, int inner, Storage w, Storage b, double eps, Storage out, Storage mean, Storage var) {
 *     new ComposedBatchNorm(this).forward(x, n, c, inner, w, b, eps, out, mean, var);
 * }
 * }</pre>
 */
public final class ComposedBatchNorm {
    private static final int[] BATCH_AND_INNER = {0, 2};

    private final Backend backend;

    public ComposedBatchNorm(Backend backend) { this.backend = backend; }

    public void forward(Storage x, int n, int channels, int inner, Storage weight, Storage bias, double eps,
                        Storage out, Storage mean, Storage var) {
        Shapes s = new Shapes(n, channels, inner);
        DType t = x.dtype();
        List<Storage> scratch = new ArrayList<>();
        try {
            Storage perCount = scalar(t, 1.0 / ((double) n * inner), scratch);
            backend.reduce(ReduceOp.SUM, x, s.full, BATCH_AND_INNER, mean, s.perChannel);
            backend.binary(BinaryOp.MUL, mean, s.perChannel, perCount, s.scalarTo(s.perChannel), mean, s.perChannel);
            Storage centered = temp(t, s.full.numel(), scratch);
            backend.binary(BinaryOp.SUB, x, s.full, mean, s.spread, centered, s.full);
            Storage squares = temp(t, s.full.numel(), scratch);
            backend.binary(BinaryOp.MUL, centered, s.full, centered, s.full, squares, s.full);
            backend.reduce(ReduceOp.SUM, squares, s.full, BATCH_AND_INNER, var, s.perChannel);
            backend.binary(BinaryOp.MUL, var, s.perChannel, perCount, s.scalarTo(s.perChannel), var, s.perChannel);
            Storage scale = invStd(var, eps, s, scratch);
            if (weight != null) backend.binary(BinaryOp.MUL, scale, s.perChannel, weight, s.perChannel, scale, s.perChannel);
            backend.binary(BinaryOp.MUL, centered, s.full, scale, s.spread, out, s.full);
            if (bias != null) backend.binary(BinaryOp.ADD, out, s.full, bias, s.spread, out, s.full);
        } finally {
            release(scratch);
        }
    }

    public void backward(Storage dy, Storage x, int n, int channels, int inner, Storage mean, Storage var,
                         Storage weight, double eps, Storage dx, Storage dWeight, Storage dBias) {
        Shapes s = new Shapes(n, channels, inner);
        DType t = x.dtype();
        List<Storage> scratch = new ArrayList<>();
        try {
            Storage invStd = invStd(var, eps, s, scratch);
            Storage xhat = temp(t, s.full.numel(), scratch);
            backend.binary(BinaryOp.SUB, x, s.full, mean, s.spread, xhat, s.full);
            backend.binary(BinaryOp.MUL, xhat, s.full, invStd, s.spread, xhat, s.full);
            Storage sumDy = dBias != null ? dBias : temp(t, channels, scratch);
            backend.reduce(ReduceOp.SUM, dy, s.full, BATCH_AND_INNER, sumDy, s.perChannel);
            Storage product = temp(t, s.full.numel(), scratch);
            backend.binary(BinaryOp.MUL, dy, s.full, xhat, s.full, product, s.full);
            Storage sumDyXhat = dWeight != null ? dWeight : temp(t, channels, scratch);
            backend.reduce(ReduceOp.SUM, product, s.full, BATCH_AND_INNER, sumDyXhat, s.perChannel);
            if (dx == null) return;
            // dx = invStd w (dy - sum(dy) / count - xhat sum(dy xhat) / count)
            Storage perCount = scalar(t, 1.0 / ((double) n * inner), scratch);
            Storage meanDy = temp(t, channels, scratch);
            backend.binary(BinaryOp.MUL, sumDy, s.perChannel, perCount, s.scalarTo(s.perChannel), meanDy, s.perChannel);
            Storage meanDyXhat = temp(t, channels, scratch);
            backend.binary(BinaryOp.MUL, sumDyXhat, s.perChannel, perCount, s.scalarTo(s.perChannel), meanDyXhat, s.perChannel);
            backend.binary(BinaryOp.MUL, xhat, s.full, meanDyXhat, s.spread, product, s.full);
            backend.binary(BinaryOp.SUB, dy, s.full, meanDy, s.spread, dx, s.full);
            backend.binary(BinaryOp.SUB, dx, s.full, product, s.full, dx, s.full);
            if (weight != null) backend.binary(BinaryOp.MUL, invStd, s.perChannel, weight, s.perChannel, invStd, s.perChannel);
            backend.binary(BinaryOp.MUL, dx, s.full, invStd, s.spread, dx, s.full);
        } finally {
            release(scratch);
        }
    }

    /** {@code 1 / sqrt(var + eps)} per channel, in a scratch storage. */
    private Storage invStd(Storage var, double eps, Shapes s, List<Storage> scratch) {
        Storage epsilon = scalar(var.dtype(), eps, scratch);
        Storage r = temp(var.dtype(), s.perChannel.numel(), scratch);
        backend.binary(BinaryOp.ADD, var, s.perChannel, epsilon, s.scalarTo(s.perChannel), r, s.perChannel);
        backend.unary(UnaryOp.RSQRT, 0, r, s.perChannel, r, s.perChannel);
        return r;
    }

    private Storage scalar(DType dtype, double value, List<Storage> scratch) {
        Storage v = temp(dtype, 1, scratch);
        backend.fill(v, Layout.contiguous(1), value);
        return v;
    }

    private Storage temp(DType dtype, long size, List<Storage> scratch) {
        Storage st = backend.allocate(dtype, size);
        scratch.add(st);
        return st;
    }

    private static void release(List<Storage> scratch) {
        for (Storage st : scratch) st.release();
    }

    /** The layouts of one call: x as {@code [n, c, inner]}, per-channel values kept and spread over it. */
    private static final class Shapes {
        final Layout full;
        final Layout perChannel;
        final Layout spread;

        Shapes(int n, int c, int inner) {
            full = Layout.contiguous(n, c, inner);
            perChannel = Layout.contiguous(1, c, 1);
            spread = new Layout(new int[] {n, c, inner}, new int[] {0, 1, 0}, 0);
        }

        /** A one-element storage broadcast to {@code target}'s shape. */
        Layout scalarTo(Layout target) {
            return new Layout(target.shape(), new int[target.rank()], 0);
        }
    }
}
