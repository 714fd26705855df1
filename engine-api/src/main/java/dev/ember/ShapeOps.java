package dev.ember;

import dev.ember.backend.Layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape and layout ops beyond the basic views, with PyTorch's semantics. No kernel of their own: {@code diagonal}
 * and {@code unfold} are strided views with a gradient rule; the rest are composites (gathers along a dim, joins of
 * views, {@code where} with an index mask, one copy of an expanded view) whose gradients come from those ops.
 */
final class ShapeOps {
    private ShapeOps() {}

    // ---- reordering ----

    /** Dims normalised and checked to be distinct; an empty array means none (not all, unlike {@link Shape#dims}). */
    private static int[] distinctDims(String op, int[] dims, int rank) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(1, rank)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shape.dim(op, dims[i], Math.max(1, rank));   // a 0-dim tensor takes dim 0 or -1, as in PyTorch
            if (seen[out[i]]) throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears more than once in " + Arrays.toString(dims));
            seen[out[i]] = true;
        }
        return out;
    }

    /** The entries {@code positions} (known to be in range) of {@code x} along {@code dim}: a gather with a broadcast index. */
    static Tensor take(Tensor x, int dim, long[] positions) {
        int[] viewShape = new int[x.rank()];
        Arrays.fill(viewShape, 1);
        viewShape[dim] = positions.length;
        int[] outShape = x.shape();
        outShape[dim] = positions.length;
        Tensor index = Tensor.of(positions).to(x.device()).reshape(viewShape).expand(outShape);
        return Indexing.gather(x, dim, index, false);
    }

    static Tensor flip(Tensor x, int[] dims) {
        int[] d = distinctDims("flip", dims, x.rank());
        Tensor r = x;
        for (int dim : d) {
            if (x.rank() == 0 || x.size(dim) <= 1 || x.numel() == 0) continue;
            int n = x.size(dim);
            long[] reversed = new long[n];
            for (int i = 0; i < n; i++) reversed[i] = n - 1 - i;
            r = take(r, dim, reversed);
        }
        return r == x ? Views.copy("flip", x) : r;   // always a new tensor with its own storage, as in PyTorch
    }

    static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new IllegalArgumentException("roll: without dims it takes one shift (of the flattened tensor), got " + Arrays.toString(shifts));
            }
            return roll(x.reshape(-1), shifts, new int[] {0}).reshape(x.shape());
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: " + shifts.length + " shifts " + Arrays.toString(shifts) + " and "
                    + dims.length + " dims " + Arrays.toString(dims) + " must pair up");
        }
        Tensor r = x;
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.dim("roll", dims[i], x.rank());
            int n = x.size(d);
            int s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
            if (s != 0) r = Views.cat(d, List.of(r.narrow(d, n - s, s), r.narrow(d, 0, n - s)));
        }
        return r == x ? Views.copy("roll", x) : r;
    }

    static Tensor movedim(Tensor x, int[] source, int[] destination) {
        if (source.length != destination.length) {
            throw new IllegalArgumentException("movedim: source " + Arrays.toString(source) + " and destination "
                    + Arrays.toString(destination) + " must have the same number of dims");
        }
        int rank = x.rank();
        int[] src = distinctDims("movedim", source, rank);
        int[] dst = distinctDims("movedim", destination, rank);
        if (rank == 0) return Views.permute(x, new int[0]);
        int[] order = new int[rank];
        Arrays.fill(order, -1);
        boolean[] moved = new boolean[rank];
        for (int i = 0; i < src.length; i++) {
            order[dst[i]] = src[i];
            moved[src[i]] = true;
        }
        for (int pos = 0, from = 0; pos < rank; pos++) {
            if (order[pos] >= 0) continue;
            while (moved[from]) from++;
            order[pos] = from++;
        }
        return Views.permute(x, order);
    }

    static List<Tensor> unbind(Tensor x, int dim) {
        int d = Shape.dim("unbind", dim, x.rank());
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < x.size(d); i++) out.add(Views.select(x, d, i));
        return out;
    }

    static Tensor narrowCopy(Tensor x, int dim, int start, int length) {
        Tensor narrowed = x.narrow(dim, start, length);
        Tensor out = Views.copy("narrowCopy", narrowed);
        if (!Ops.recording(x)) Ops.closeInternal(new Tensor[] {out, x}, narrowed);   // else the graph may still need it
        return out;
    }

    // ---- repeating ----

    static Tensor repeat(Tensor x, int[] repeats) {
        if (repeats.length < x.rank()) {
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeats " + Arrays.toString(repeats)
                    + " are fewer than the dims of shape " + Shape.str(x.shape()) + "; use tile() to pad them with 1s");
        }
        for (int r : repeats) {
            if (r < 0) throw new IllegalArgumentException("repeat: repeats cannot be negative, got " + Arrays.toString(repeats));
        }
        int lead = repeats.length - x.rank();
        int[] pairs = new int[2 * repeats.length];   // (1, size) per dim, expanded to (repeat, size), then merged
        int[] expanded = new int[pairs.length];
        int[] result = new int[repeats.length];
        for (int i = 0; i < repeats.length; i++) {
            int size = i < lead ? 1 : x.size(i - lead);
            pairs[2 * i] = 1;
            pairs[2 * i + 1] = size;
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = size;
            result[i] = Math.multiplyExact(repeats[i], size);
        }
        Shape.numel(result);
        return Views.copy("repeat", x.reshape(pairs).expand(expanded)).reshape(result);
    }

    static Tensor tile(Tensor x, int[] dims) {
        if (dims.length >= x.rank()) return repeat(x, dims);
        int[] padded = new int[x.rank()];
        Arrays.fill(padded, 1);
        System.arraycopy(dims, 0, padded, x.rank() - dims.length, dims.length);
        return repeat(x, padded);
    }

    /** {@code dim} null: of the flattened tensor. */
    static Tensor repeatInterleave(Tensor x, int repeats, Integer dim) {
        if (repeats < 0) throw new IllegalArgumentException("repeatInterleave: repeats cannot be negative, got " + repeats);
        Tensor in = dim == null ? x.reshape(-1) : x;
        int d = Shape.dim("repeatInterleave", dim == null ? 0 : dim, in.rank());
        int[] expanded = Arrays.copyOf(in.shape(), in.rank() + 1);
        System.arraycopy(in.shape(), d + 1, expanded, d + 2, in.rank() - d - 1);
        expanded[d + 1] = repeats;
        int[] result = in.shape();
        result[d] = Math.multiplyExact(result[d], repeats);
        Shape.numel(result);
        return Views.copy("repeatInterleave", in.unsqueeze(d + 1).expand(expanded)).reshape(result);
    }

    /** Element {@code i} along {@code dim} repeated {@code repeats[i]} times; {@code dim} null: of the flattened tensor. */
    static Tensor repeatInterleave(Tensor x, Tensor repeats, Integer dim) {
        if (!repeats.dtype().isInteger()) {
            throw new IllegalArgumentException("repeatInterleave: repeats must be int32 or int64, got " + repeats.dtype());
        }
        if (repeats.rank() > 1) {
            throw new IllegalArgumentException("repeatInterleave: repeats must be 0-dim or 1-dim, got shape " + Shape.str(repeats.shape()));
        }
        Tensor in = dim == null ? x.reshape(-1) : x;
        int d = Shape.dim("repeatInterleave", dim == null ? 0 : dim, in.rank());
        int n = in.size(d);
        long[] counts = repeats.toLongArray();
        if (counts.length == 1 && n != 1) {
            if (counts[0] > Integer.MAX_VALUE) throw new IllegalArgumentException("repeatInterleave: " + counts[0] + " repeats are too many");
            return repeatInterleave(x, (int) counts[0], dim);
        }
        if (counts.length != n) {
            throw new IllegalArgumentException("repeatInterleave: " + counts.length + " repeats for dim " + d + " of size "
                    + n + " (shape " + Shape.str(in.shape()) + "); they must match");
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) throw new IllegalArgumentException("repeatInterleave: repeats cannot be negative, got " + c);
            total += c;
        }
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("repeatInterleave: " + total + " elements along dim " + d + " are too many");
        long[] positions = new long[(int) total];
        for (int i = 0, k = 0; i < n; i++) for (long c = 0; c < counts[i]; c++) positions[k++] = i;
        return take(in, d, positions);
    }

    // ---- triangles and diagonals ----

    /** {@code lower}: tril (keeps {@code j - i <= diagonal}); else triu (keeps {@code j - i >= diagonal}). */
    static Tensor triangle(Tensor x, int diagonal, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": expected a tensor with at least 2 dims, got shape " + Shape.str(x.shape()));
        int rows = x.size(-2);
        int cols = x.size(-1);
        Tensor i = Tensor.arange(rows).to(x.device()).reshape(rows, 1).add((long) diagonal);
        Tensor j = Tensor.arange(cols).to(x.device()).reshape(1, cols);
        Tensor keep = lower ? j.le(i) : j.ge(i);
        return Tensor.where(keep, x, Ops.zeros(x, x.dtype(), new int[0]));
    }

    /** Where {@code diagonal(offset, a, b)} of a tensor with {@code layout} sits in its storage. */
    private static Layout diagonalLayout(Layout layout, int offset, int a, int b) {
        int rank = layout.rank();
        int na = layout.size(a);
        int nb = layout.size(b);
        int len = Math.max(0, offset >= 0 ? Math.min(na, nb - offset) : Math.min(na + offset, nb));
        int[] shape = new int[rank - 1];
        long[] strides = new long[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i == a || i == b) continue;
            shape[k] = layout.size(i);
            strides[k++] = layout.stride(i);
        }
        shape[rank - 2] = len;
        strides[rank - 2] = layout.stride(a) + layout.stride(b);
        long start = len == 0 ? 0 : offset >= 0 ? offset * layout.stride(b) : -offset * layout.stride(a);
        return new Layout(shape, strides, layout.offset() + start);
    }

    private static int[] diagonalDims(String op, int rank, int dim1, int dim2) {
        int a = Shape.dim(op, dim1, rank);
        int b = Shape.dim(op, dim2, rank);
        if (a == b) throw new IllegalArgumentException(op + ": dim1 and dim2 must differ, got " + dim1 + " and " + dim2);
        return new int[] {a, b};
    }

    static Tensor diagonal(Tensor x, int offset, int dim1, int dim2) {
        if (x.rank() < 2) throw new IllegalArgumentException("diagonal: expected a tensor with at least 2 dims, got shape " + Shape.str(x.shape()));
        int[] ab = diagonalDims("diagonal", x.rank(), dim1, dim2);
        Tensor out = x.viewWith(diagonalLayout(x.layout(), offset, ab[0], ab[1]));
        int[] from = x.shape();
        return Ops.record("diagonal", out, new Tensor[] {x},
                (g, needs) -> new Tensor[] {intoDiagonal("diagonalBackward", g, from, offset, ab[0], ab[1])});
    }

    /** Zeros of {@code shape} with {@code g} written on their diagonal: diagEmbed, and diagonal's gradient. */
    private static Tensor intoDiagonal(String name, Tensor g, int[] shape, int offset, int a, int b) {
        Tensor out = Ops.zeros(g, g.dtype(), shape);   // the copy writes only the diagonal
        g.backend().copy(g.storage(), g.layout(), out.storage(), diagonalLayout(out.layout(), offset, a, b));
        return Ops.record(name, out, new Tensor[] {g}, (gg, needs) -> new Tensor[] {diagonal(gg, offset, a, b)});
    }

    static Tensor diagEmbed(Tensor x, int offset, int dim1, int dim2) {
        if (x.rank() < 1) throw new IllegalArgumentException("diagEmbed: expected a tensor with at least 1 dim, got shape " + Shape.str(x.shape()));
        int rank = x.rank() + 1;
        int[] ab = diagonalDims("diagEmbed", rank, dim1, dim2);
        int n = Math.addExact(x.size(-1), Math.abs(offset));
        int[] shape = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) shape[i] = i == ab[0] || i == ab[1] ? n : x.size(k++);
        return intoDiagonal("diagEmbed", x, shape, offset, ab[0], ab[1]);
    }

    static Tensor diag(Tensor x, int offset) {
        return switch (x.rank()) {
            case 1 -> diagEmbed(x, offset, 0, 1);
            case 2 -> Views.copy("diag", diagonal(x, offset, 0, 1));   // a copy, as in PyTorch
            default -> throw new IllegalArgumentException("diag: expected a vector or a matrix, got shape " + Shape.str(x.shape()));
        };
    }

    static Tensor trace(Tensor x) {
        if (x.rank() != 2) throw new IllegalArgumentException("trace: expected a matrix, got shape " + Shape.str(x.shape()));
        return diagonal(x, 0, 0, 1).sum();
    }

    // ---- grids and windows ----

    static List<Tensor> meshgrid(String indexing, List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("meshgrid: no tensors given");
        boolean xy = switch (indexing) {
            case "ij" -> false;
            case "xy" -> true;
            default -> throw new IllegalArgumentException("meshgrid: indexing must be \"ij\" or \"xy\", got \"" + indexing + "\"");
        };
        Tensor first = tensors.get(0);
        int count = tensors.size();
        int[] shape = new int[count];
        for (int i = 0; i < count; i++) {
            Tensor t = tensors.get(i);
            if (t.rank() > 1) {
                throw new IllegalArgumentException("meshgrid: expected 0-dim or 1-dim tensors, got shape " + Shape.str(t.shape()) + " for tensor " + i);
            }
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("meshgrid: all tensors must have the same dtype, got " + first.dtype() + " and " + t.dtype());
            }
            Ops.sameDevice("meshgrid", first, t);
            shape[axis(i, count, xy)] = t.rank() == 0 ? 1 : t.size(0);
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] viewShape = new int[count];
            Arrays.fill(viewShape, 1);
            viewShape[axis(i, count, xy)] = shape[axis(i, count, xy)];
            out.add(tensors.get(i).reshape(viewShape).expand(shape));
        }
        return out;
    }

    /** The output dim of input {@code i}: "xy" swaps the first two (Cartesian indexing), as NumPy does. */
    private static int axis(int i, int count, boolean xy) {
        return xy && count >= 2 && i < 2 ? 1 - i : i;
    }

    static Tensor unfold(Tensor x, int dim, int size, int step) {
        if (step <= 0) throw new IllegalArgumentException("unfold: step must be > 0, got " + step);
        if (size < 0) throw new IllegalArgumentException("unfold: size must be >= 0, got " + size);
        if (x.rank() == 0) {
            Shape.dim("unfold", dim, 1);
            if (size > 1) throw new IllegalArgumentException("unfold: size " + size + " is larger than the 1 element of a 0-dim tensor");
            return x.reshape(1).narrow(0, 0, size);
        }
        int d = Shape.dim("unfold", dim, x.rank());
        int n = x.size(d);
        if (size > n) {
            throw new IllegalArgumentException("unfold: size " + size + " is larger than dim " + dim + " of size " + n
                    + " (shape " + Shape.str(x.shape()) + ")");
        }
        int windows = (n - size) / step + 1;
        int[] shape = Arrays.copyOf(x.shape(), x.rank() + 1);
        long[] strides = Arrays.copyOf(x.strides(), x.rank() + 1);
        shape[d] = windows;
        shape[x.rank()] = size;
        strides[d] = x.strides()[d] * step;
        strides[x.rank()] = x.strides()[d];
        Tensor out = x.viewWith(new Layout(shape, strides, x.layout().offset()));
        int[] from = x.shape();
        return Ops.record("unfold", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {unfoldBackward(g, from, d, size, step)});
    }

    /**
     * The transpose of unfold: each window's elements added back where they came from. Windows overlap when
     * {@code step < size}, so this is a scatter-add (whose own gradient, a gather, is unfold again).
     */
    private static Tensor unfoldBackward(Tensor g, int[] inShape, int d, int size, int step) {
        int windows = g.size(d);
        Tensor merged = movedim(g, new int[] {-1}, new int[] {d + 1}).reshape(mergedShape(g.shape(), d));
        long[] positions = new long[windows * size];
        for (int w = 0; w < windows; w++) for (int k = 0; k < size; k++) positions[w * size + k] = (long) w * step + k;
        int[] viewShape = new int[inShape.length];
        Arrays.fill(viewShape, 1);
        viewShape[d] = positions.length;
        Tensor index = Tensor.of(positions).to(g.device()).reshape(viewShape).expand(merged.shape());
        return Indexing.scatterAddIntoZeros(inShape, d, index, merged);
    }

    /** {@code shape} ({@code [..., windows at d, ..., size]}) with the last dim merged into dim {@code d}. */
    private static int[] mergedShape(int[] shape, int d) {
        int[] s = Arrays.copyOf(shape, shape.length - 1);
        s[d] = Math.multiplyExact(shape[d], shape[shape.length - 1]);
        return s;
    }
}
