package dev.ember;

import dev.ember.backend.Layout;
import dev.ember.backend.ScatterMode;

/**
 * Index ops. Two kernels, gather and scatter, carry them all: gather's gradient is a scatter-add and
 * scatter-add's is a gather; indexSelect is a gather with a broadcast index; masks are where() or gathers.
 */
final class Indexing {
    private Indexing() {}

    /** Checks dtype, rank, sizes and every index value; returns the index as int64. */
    /** {@code checkValues}: read the indices to check their range (not needed for indices Ember made itself). */
    private static Tensor checkedIndex(String op, Tensor x, int dim, Tensor index, boolean checkValues) {
        Ops.sameDevice(op, x, index);
        if (!index.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": index must be int32 or int64, got " + index.dtype());
        }
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException(op + ": index has shape " + Shape.str(index.shape()) + " but the tensor has "
                    + Shape.str(x.shape()) + "; they need the same number of dims");
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != dim && index.size(i) > x.size(i)) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(index.shape()) + " is larger than "
                        + Shape.str(x.shape()) + " in dim " + i);
            }
        }
        if (checkValues) checkRange(op, index, x.size(dim), dim);
        return index.to(DType.INT64);
    }

    private static void checkRange(String op, Tensor index, int size, int dim) {
        for (long v : index.toLongArray()) {
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for dim " + dim + " of size " + size);
            }
        }
    }

    static Tensor gather(Tensor x, int dim, Tensor index) { return gather(x, dim, index, true); }

    /** {@code checkValues} false for indices known to be in range (made by a kernel, or checked before). */
    static Tensor gather(Tensor x, int dim, Tensor index, boolean checkValues) {
        int d = Shape.dim("gather", dim, x.rank());
        Tensor idx = checkedIndex("gather", x, d, index, checkValues);
        Tensor out = Ops.empty(x, x.dtype(), idx.shape());
        x.backend().gather(x.storage(), x.layout(), d, idx.storage(), idx.layout(), out.storage(), out.layout());
        int[] inShape = x.shape();
        return Ops.record("gather", out, new Tensor[] {x}, new Tensor[] {idx},
                (g, needs) -> new Tensor[] {scatterAddIntoZeros(inShape, d, idx, g)});
    }

    static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, boolean add) { return scatter(x, dim, index, src, add, true); }

    /** {@code checkValues} false for indices known to be in range (made by a kernel, or checked before). */
    static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, boolean add, boolean checkValues) {
        String op = add ? "scatterAdd" : "scatter";
        int d = Shape.dim(op, dim, x.rank());
        Ops.sameDevice(op, x, src);
        Tensor idx = checkedIndex(op, x, d, index, checkValues);
        if (src.rank() != idx.rank()) {
            throw new IllegalArgumentException(op + ": src has shape " + Shape.str(src.shape()) + " but index has "
                    + Shape.str(idx.shape()));
        }
        for (int i = 0; i < idx.rank(); i++) {
            if (idx.size(i) > src.size(i)) {
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(idx.shape()) + " is larger than src "
                        + Shape.str(src.shape()) + " in dim " + i);
            }
        }
        Tensor s = src.to(x.dtype());
        Tensor srcPart = s.layout().shape().length == 0 ? s : narrowTo(s, idx.shape());
        Tensor out = Ops.empty(x, x.dtype(), x.shape());
        x.backend().copy(x.storage(), x.layout(), out.storage(), out.layout());
        x.backend().scatter(add ? ScatterMode.ADD : ScatterMode.REPLACE, out.storage(), out.layout(), d,
                idx.storage(), idx.layout(), srcPart.storage(), srcPart.layout());
        return Ops.record(op, out, new Tensor[] {x, s}, new Tensor[] {idx}, (g, needs) -> new Tensor[] {
            needs[0] ? (add ? g : scatter(g, d, idx, Tensor.zerosLike(idx).to(g.dtype()), false, false)) : null,
            needs[1] ? padTo(gather(g, d, idx, false), s.shape()) : null
        });
    }

    /**
     * {@code zeros(shape).scatterAdd(dim, index, src)} in one allocation and one pass, for indices known to be in
     * range and matching {@code src}'s shape (gather's gradient, max pooling's); its own gradient is gather's.
     */
    static Tensor scatterAddIntoZeros(int[] shape, int dim, Tensor index, Tensor src) {
        Tensor out = Ops.zeros(src, src.dtype(), shape);
        out.backend().scatter(ScatterMode.ADD, out.storage(), out.layout(), dim, index.storage(), index.layout(),
                src.storage(), src.layout());
        return Ops.record("scatterAdd", out, new Tensor[] {src}, new Tensor[] {index},
                (g, needs) -> new Tensor[] {gather(g, dim, index, false)});
    }

    /** The leading part of {@code t} with {@code shape} (a view). */
    private static Tensor narrowTo(Tensor t, int[] shape) {
        Tensor r = t;
        for (int i = 0; i < shape.length; i++) if (r.size(i) != shape[i]) r = r.narrow(i, 0, shape[i]);
        return r;
    }

    /** {@code g} placed at the start of zeros of {@code shape}: the gradient of {@link #narrowTo}. */
    private static Tensor padTo(Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape(), shape)) return g;
        Tensor r = g;
        for (int i = 0; i < shape.length; i++) {
            if (r.size(i) != shape[i]) {
                int[] zs = r.shape();
                zs[i] = shape[i] - r.size(i);
                r = Tensor.cat(i, r, Tensor.zeros(g.device(), g.dtype(), zs));
            }
        }
        return r;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Shape.dim("indexSelect", dim, x.rank());
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + Shape.str(index.shape()));
        }
        int[] viewShape = new int[x.rank()];
        java.util.Arrays.fill(viewShape, 1);
        viewShape[d] = index.size(0);
        int[] outShape = x.shape();
        outShape[d] = index.size(0);
        if (!index.dtype().isInteger()) {
            throw new IllegalArgumentException("indexSelect: index must be int32 or int64, got " + index.dtype());
        }
        checkRange("indexSelect", index, x.size(d), d);
        Tensor idx = index.to(DType.INT64).reshape(viewShape).expand(outShape);
        // gather needs index sizes <= x's in the other dims, which the broadcast index meets by construction; its
        // values were checked above, so gather does not read them again (a batch of 64 images expands to 50,176)
        return gather(x, d, idx, false);
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (!mask.dtype().isBool()) throw new IllegalArgumentException("maskedFill: mask must be bool, got " + mask.dtype());
        Shape.broadcast("maskedFill", x.shape(), mask.shape());
        double element = Creation.element("maskedFill", x.dtype(), x.shape(), value);
        return maskedFill(x, mask, Creation.filled(x.backend(), x.dtype(), new int[0], element));
    }

    /** With a Java {@code long}, held exactly (a double rounds int64 values past 2^53). */
    static Tensor maskedFill(Tensor x, Tensor mask, long value) {
        if (!mask.dtype().isBool()) throw new IllegalArgumentException("maskedFill: mask must be bool, got " + mask.dtype());
        Shape.broadcast("maskedFill", x.shape(), mask.shape());
        return maskedFill(x, mask, Creation.element("maskedFill", x.backend(), x.dtype(), x.shape(), value));
    }

    private static Tensor maskedFill(Tensor x, Tensor mask, Tensor fill) {
        Tensor r = Tensor.where(mask, fill, x);
        if (!java.util.Arrays.equals(r.shape(), x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask " + Shape.str(mask.shape()) + " would broadcast the tensor "
                    + Shape.str(x.shape()) + " to " + Shape.str(r.shape()));
        }
        return r;
    }

    static Tensor nonzero(Tensor x) {
        boolean[] nz = x.to(DType.BOOL).toBooleanArray();
        int count = 0;
        for (boolean b : nz) if (b) count++;
        int rank = x.rank();
        long[] coords = new long[count * rank];
        int[] shape = x.shape();
        int k = 0;
        for (int i = 0; i < nz.length; i++) {
            if (!nz[i]) continue;
            int rem = i;
            for (int dd = rank - 1; dd >= 0; dd--) {
                coords[k * rank + dd] = rem % shape[dd];
                rem /= shape[dd];
            }
            k++;
        }
        return Tensor.of(coords, count, rank).to(x.device());
    }

    static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (!mask.dtype().isBool()) throw new IllegalArgumentException("maskedSelect: mask must be bool, got " + mask.dtype());
        int[] shape = Shape.broadcast("maskedSelect", x.shape(), mask.shape());
        Tensor flatMask = mask.expand(shape).reshape(-1);
        Tensor positions = nonzero(flatMask).reshape(-1);
        return x.expand(shape).reshape(-1).indexSelect(0, positions);
    }

    static Tensor oneHot(Tensor index, int classes) {
        if (!index.dtype().isInteger()) throw new IllegalArgumentException("oneHot: expected integer class indices, got " + index.dtype());
        if (classes < 1) throw new IllegalArgumentException("oneHot: classes must be >= 1, got " + classes);
        checkRange("oneHot", index, classes, index.rank());
        int[] shape = java.util.Arrays.copyOf(index.shape(), index.rank() + 1);
        shape[index.rank()] = classes;
        Tensor idx = index.to(DType.INT64).unsqueeze(-1);
        Tensor out = Tensor.zeros(index.device(), DType.INT64, shape);
        Tensor ones = Tensor.ones(index.device(), DType.INT64, idx.shape());
        Layout l = out.layout();
        out.backend().scatter(ScatterMode.REPLACE, out.storage(), l, index.rank(), idx.storage(), idx.layout(),
                ones.storage(), ones.layout());
        return out;
    }
}
