package dev.ember;

import java.util.Arrays;

/**
 * PyTorch's index updates ({@code index_add}, {@code index_copy}, {@code index_fill}, {@code masked_scatter}) and
 * {@code take_along_dim}, each a composite of gather, scatter and where: they run on every backend and their
 * gradients are those ops' gradients. A 1-D index along a dim becomes a gather/scatter index by a broadcast view.
 */
final class IndexUpdates {
    private IndexUpdates() {}

    /** {@code x} with {@code alpha * source} added at {@code index} along {@code dim}; repeated indices add up. */
    static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source, double alpha) {
        if (x.rank() == 0) return onVector(x, dim, index, source, (v, i, s) -> indexAdd(v, 0, i, s, alpha));
        int d = Shape.dim("indexAdd", dim, x.rank());
        Tensor idx = spreadIndex("indexAdd", x, d, index, source);
        Tensor src = source;
        if (alpha != 1) src = x.dtype().isFloating() ? source.mul(alpha) : source.mul((long) alpha);   // PyTorch truncates alpha for integers
        return Indexing.scatter(x, d, idx, src, true, false);
    }

    /** {@code x} with {@code source}'s slices written at {@code index} along {@code dim}. */
    static Tensor indexCopy(Tensor x, int dim, Tensor index, Tensor source) {
        if (x.rank() == 0) return onVector(x, dim, index, source, (v, i, s) -> indexCopy(v, 0, i, s));
        int d = Shape.dim("indexCopy", dim, x.rank());
        return Indexing.scatter(x, d, spreadIndex("indexCopy", x, d, index, source), source, false, false);
    }

    /** {@code x} with {@code value} at {@code index} along {@code dim}; negative indices count from the end. */
    static Tensor indexFill(Tensor x, int dim, Tensor index, double value) {
        int d = Shape.dim("indexFill", dim, Math.max(1, x.rank()));
        int n = x.rank() == 0 ? 1 : x.size(d);
        boolean[] hit = new boolean[n];
        for (long v : vector("indexFill", index).toLongArray()) {
            if (v < -n || v >= n) {
                throw new IndexOutOfBoundsException("indexFill: index " + v + " is out of range for dim " + dim + " of size "
                        + n + " (shape " + Shape.str(x.shape()) + ")");
            }
            hit[(int) (v < 0 ? v + n : v)] = true;
        }
        int[] maskShape = new int[x.rank()];
        Arrays.fill(maskShape, 1);
        if (x.rank() > 0) maskShape[d] = n;
        Tensor mask = Tensor.of(hit, maskShape).to(x.device());
        return Indexing.maskedFill(x, mask, value);
    }

    /**
     * {@code x} (broadcast with {@code mask}) with the positions where {@code mask} is true taken, in row-major
     * order, from {@code source}'s leading elements.
     */
    static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) {
        Ops.sameDevice("maskedScatter", x, mask);
        Ops.sameDevice("maskedScatter", x, source);
        if (!mask.dtype().isBool()) throw new IllegalArgumentException("maskedScatter: mask must be bool, got " + mask.dtype());
        sameDType("maskedScatter", x, source);
        int[] shape = Shape.broadcast("maskedScatter", x.shape(), mask.shape());
        Tensor positions = Indexing.nonzero(mask.expand(shape).reshape(-1)).reshape(-1);
        int count = positions.size(0);
        if (source.numel() < count) {
            throw new IllegalArgumentException("maskedScatter: the mask selects " + count + " elements but source (shape "
                    + Shape.str(source.shape()) + ") has only " + source.numel());
        }
        Tensor taken = source.reshape(-1).narrow(0, 0, count);
        Tensor flat = x.expand(shape).reshape(-1);
        return Indexing.scatter(flat, 0, positions, taken, false, false).reshape(shape);
    }

    /**
     * {@code x.gather(dim, indices)} after broadcasting {@code x} and {@code indices} against each other in every
     * dim but {@code dim}, as {@code torch.take_along_dim}.
     */
    static Tensor takeAlongDim(Tensor x, Tensor indices, int dim) {
        Ops.sameDevice("takeAlongDim", x, indices);
        integerIndex("takeAlongDim", indices);
        if (x.rank() != indices.rank()) {
            throw new IllegalArgumentException("takeAlongDim: input " + Shape.str(x.shape()) + " and indices "
                    + Shape.str(indices.shape()) + " need the same number of dims");
        }
        if (x.rank() == 0) return takeAlongDim(x.reshape(1), indices.reshape(1), 0).reshape();
        int d = Shape.dim("takeAlongDim", dim, x.rank());
        int[] xs = x.shape();
        int[] is = indices.shape();
        for (int i = 0; i < xs.length; i++) {
            if (i == d) continue;
            if (xs[i] != is[i] && xs[i] != 1 && is[i] != 1) {
                throw new IllegalArgumentException("takeAlongDim: input " + Shape.str(x.shape()) + " and indices "
                        + Shape.str(indices.shape()) + " do not broadcast in dim " + i + " (" + xs[i] + " vs " + is[i] + ")");
            }
            int b = xs[i] == 1 ? is[i] : xs[i];
            xs[i] = b;
            is[i] = b;
        }
        return Indexing.gather(x.expand(xs), d, indices.expand(is), true);
    }

    /** {@code takeAlongDim} of the flattened tensor with the flattened indices. */
    static Tensor takeAlongDim(Tensor x, Tensor indices) {
        Ops.sameDevice("takeAlongDim", x, indices);
        integerIndex("takeAlongDim", indices);
        return Indexing.gather(x.reshape(-1), 0, indices.reshape(-1), true);
    }

    // ---- shared checks ----

    private interface VectorOp {
        Tensor apply(Tensor x, Tensor index, Tensor source);
    }

    /** A 0-dim tensor updated as a 1-element vector, as PyTorch allows (dim 0 or -1). */
    private static Tensor onVector(Tensor x, int dim, Tensor index, Tensor source, VectorOp op) {
        Shape.dim("index update", dim, 1);
        return op.apply(x.reshape(1), index, source.rank() == 0 ? source.reshape(1) : source).reshape();
    }

    private static void integerIndex(String op, Tensor index) {
        if (!index.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": index must be int32 or int64, got " + index.dtype());
        }
    }

    private static void sameDType(String op, Tensor x, Tensor source) {
        if (x.dtype() != source.dtype()) {
            throw new IllegalArgumentException(op + ": the tensor (" + x.dtype() + ") and source (" + source.dtype()
                    + ") must have the same dtype");
        }
    }

    /** A 0-dim or 1-D integer index as 1-D int64. */
    private static Tensor vector(String op, Tensor index) {
        integerIndex(op, index);
        if (index.rank() > 1) {
            throw new IllegalArgumentException(op + ": index must be 0-dim or 1-D, got shape " + Shape.str(index.shape()));
        }
        return index.to(DType.INT64).reshape(-1);
    }

    /**
     * Checks {@code source} against {@code x} (its shape is {@code x}'s with {@code dim} replaced by the index's
     * length) and every index value, and returns the index broadcast to {@code source}'s shape: the gather/scatter
     * index that moves slice {@code i} of {@code source} to slice {@code index[i]} of {@code x}.
     */
    private static Tensor spreadIndex(String op, Tensor x, int dim, Tensor index, Tensor source) {
        Ops.sameDevice(op, x, index);
        Ops.sameDevice(op, x, source);
        sameDType(op, x, source);
        Tensor idx = vector(op, index);
        int[] expected = x.shape();
        expected[dim] = idx.size(0);
        if (!Arrays.equals(source.shape(), expected)) {
            throw new IllegalArgumentException(op + ": source has shape " + Shape.str(source.shape()) + " but a tensor of shape "
                    + Shape.str(x.shape()) + " with " + idx.numel() + " indices along dim " + dim + " needs " + Shape.str(expected));
        }
        int n = x.size(dim);
        for (long v : idx.toLongArray()) {
            if (v < 0 || v >= n) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for dim " + dim + " of size " + n
                        + " (shape " + Shape.str(x.shape()) + ")");
            }
        }
        int[] view = new int[x.rank()];
        Arrays.fill(view, 1);
        view[dim] = idx.size(0);
        return idx.reshape(view).expand(expected);
    }
}
