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
 *
 * <p>float16 and bfloat16 run in float32, as the CPU's batch norm runs them: the operands are cast once, and the
 * output, the statistics and the gradients are each rounded once. Passes in the half type would round the mean,
 * every centred value, every square and the variance on the way.
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
        if (x.dtype().isHalf()) {
            int size = Math.multiplyExact(Math.multiplyExact(n, channels), inner);
            List<Storage> scratch = new ArrayList<>();
            try {
                Storage o = temp(DType.FLOAT32, size, scratch), m = temp(DType.FLOAT32, channels, scratch),
                        v = temp(DType.FLOAT32, channels, scratch);
                forward(wide(x, size, scratch), n, channels, inner, wide(weight, channels, scratch),
                        wide(bias, channels, scratch), eps, o, m, v);
                narrow(o, out, size);
                narrow(m, mean, channels);
                narrow(v, var, channels);
            } finally {
                release(scratch);
            }
            return;
        }
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
        if (x.dtype().isHalf()) {
            int size = Math.multiplyExact(Math.multiplyExact(n, channels), inner);
            List<Storage> scratch = new ArrayList<>();
            try {
                Storage gx = dx == null ? null : temp(DType.FLOAT32, size, scratch);
                Storage gw = dWeight == null ? null : temp(DType.FLOAT32, channels, scratch);
                Storage gb = dBias == null ? null : temp(DType.FLOAT32, channels, scratch);
                backward(wide(dy, size, scratch), wide(x, size, scratch), n, channels, inner,
                        wide(mean, channels, scratch), wide(var, channels, scratch), wide(weight, channels, scratch),
                        eps, gx, gw, gb);
                if (gx != null) narrow(gx, dx, size);
                if (gw != null) narrow(gw, dWeight, channels);
                if (gb != null) narrow(gb, dBias, channels);
            } finally {
                release(scratch);
            }
            return;
        }
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

    /** A float32 copy of the contiguous operand {@code s} of {@code size} elements; null for a null operand. */
    private Storage wide(Storage s, int size, List<Storage> scratch) {
        if (s == null) return null;
        Storage w = temp(DType.FLOAT32, size, scratch);
        backend.copy(s, Layout.contiguous(size), w, Layout.contiguous(size));
        return w;
    }

    /** Rounds the contiguous float32 {@code wide} once into {@code out}. */
    private void narrow(Storage wide, Storage out, int size) {
        backend.copy(wide, Layout.contiguous(size), out, Layout.contiguous(size));
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
