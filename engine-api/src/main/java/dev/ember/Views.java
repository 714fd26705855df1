package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that change how elements are seen rather than their values: reshape, permute, expand, slice, and the
 * joins and splits built on them; plus the copies (cast, device move, contiguous). Views share storage.
 *
 * <p>A view op always returns a new tensor, even when it changes nothing (a reshape to the same shape, an
 * identity permute, a squeeze of a dim that is not 1), as PyTorch does: handing back the input itself would
 * let it escape {@code noGrad()} still recording, count a gradient twice where the input is used beside its
 * "view", and give the view the input's gradient in {@code Autograd.grad} and {@code retainGrad}. The one
 * exception is PyTorch's: {@code flatten} of a single dim returns its input.
 */
final class Views {
    private Views() {}

    // ---- copies ----

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = Ops.empty(x, dtype, x.shape());
        x.backend().copy(x.storage(), x.layout(), out.storage(), out.layout());
        DType from = x.dtype();
        return Ops.record("to", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.to(from)});
    }

    static Tensor toDevice(Tensor x, Device device) {
        if (x.device().equals(device)) return x;
        Backend target = Backends.of(device);
        Tensor src = x.contiguous();
        Object host = src.backend().toArray(src.storage(), src.layout());
        Tensor out = new Tensor(new SharedStorage(target.fromArray(host), target), Layout.contiguous(x.shape()), x.dtype());
        Device from = x.device();
        return Ops.record("to", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.to(from)});
    }

    static Tensor copy(String name, Tensor x) {
        Tensor out = Ops.empty(x, x.dtype(), x.shape());
        x.backend().copy(x.storage(), x.layout(), out.storage(), out.layout());
        return Ops.record(name, out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g});
    }

    // ---- reshaping ----

    /** Resolves one -1 and checks the element count. */
    static int[] inferShape(String op, int[] from, int[] shape) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one size may be -1, got " + Shape.str(shape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Shape.str(shape));
            } else {
                known *= s[i];
            }
        }
        long n = Shape.numel(from);
        if (infer >= 0) {
            if (known == 0 || n % known != 0 || n / known > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shape.str(from) + " (" + n + " elements) into " + Shape.str(shape));
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shape.str(from) + " (" + n + " elements) into "
                    + Shape.str(shape) + " (" + known + " elements)");
        }
        return s;
    }

    /**
     * Strides that show {@code layout}'s elements in {@code shape} without moving them, or null when impossible
     * (PyTorch's {@code computeStride}: each run of dims that is contiguous in memory may be split or merged).
     */
    static long[] viewStrides(Layout layout, int[] shape) {
        int[] oldShape = layout.shape();
        long[] oldStrides = layout.strides();
        long[] newStrides = new long[shape.length];
        if (layout.numel() == 0) return Shape.contiguousStrides(shape);
        int viewD = shape.length - 1;
        long chunkBase = oldStrides.length == 0 ? 1 : oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int td = oldShape.length - 1; td >= 0; td--) {
            tensorNumel *= oldShape[td];
            if (td == 0 || (oldShape[td - 1] != 1 && oldStrides[td - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBase;
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (td > 0) {
                    chunkBase = oldStrides[td - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            while (viewD >= 0) {   // leading size-1 dims
                if (shape[viewD] != 1) return null;
                newStrides[viewD--] = 1;
            }
        }
        return newStrides;
    }

    static Tensor view(Tensor x, int[] shape) {
        int[] s = inferShape("view", x.shape(), shape);
        long[] strides = viewStrides(x.layout(), s);
        if (strides == null) {
            throw new IllegalArgumentException("view: a tensor of shape " + Shape.str(x.shape()) + " and strides "
                    + Arrays.toString(x.strides()) + " cannot be seen as " + Shape.str(s)
                    + " without copying; use reshape()");
        }
        return reshaped(x, s, strides);
    }

    static Tensor reshape(Tensor x, int[] shape) {
        int[] s = inferShape("reshape", x.shape(), shape);
        long[] strides = Arrays.equals(s, x.shape()) ? x.strides() : viewStrides(x.layout(), s);
        if (strides == null) return reshaped(copy("contiguous", x), s, Shape.contiguousStrides(s));
        return reshaped(x, s, strides);
    }

    private static Tensor reshaped(Tensor x, int[] shape, long[] strides) {
        Tensor out = x.viewWith(new Layout(shape, strides, x.layout().offset()));
        int[] from = x.shape();
        return Ops.record("reshape", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.reshape(from)});
    }

    static Tensor squeeze(Tensor x) {
        return reshape(x, Arrays.stream(x.shape()).filter(d -> d != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shape.dim("squeeze", dim, Math.max(1, x.rank()));   // a 0-dim tensor takes dim 0 or -1, as in PyTorch
        if (x.rank() == 0 || x.shape()[d] != 1) return reshape(x, x.shape());   // still a new view (see the class comment)
        int[] s = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != d) s[k++] = x.shape()[i];
        return reshape(x, s);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.dim("unsqueeze", dim, x.rank() + 1);
        int[] s = new int[x.rank() + 1];
        for (int i = 0, k = 0; i < s.length; i++) s[i] = i == d ? 1 : x.shape()[k++];
        return reshape(x, s);
    }

    static Tensor flatten(Tensor x, int start, int end) {
        if (x.rank() == 0) return reshape(x, new int[] {1});
        int a = Shape.dim("flatten", start, x.rank());
        int b = Shape.dim("flatten", end, x.rank());
        if (a > b) throw new IllegalArgumentException("flatten: start dim " + start + " comes after end dim " + end);
        if (a == b) return x;   // PyTorch's one exception to "a view is a new tensor"
        int[] s = new int[x.rank() - (b - a)];
        int k = 0;
        for (int i = 0; i < a; i++) s[k++] = x.shape()[i];
        int merged = 1;
        for (int i = a; i <= b; i++) merged *= x.shape()[i];
        s[k++] = merged;
        for (int i = b + 1; i < x.rank(); i++) s[k++] = x.shape()[i];
        return reshape(x, s);
    }

    // ---- permuting and broadcasting ----

    static Tensor permute(Tensor x, int[] order) {
        int rank = x.rank();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " has " + order.length
                    + " dims but the tensor has shape " + Shape.str(x.shape()));
        }
        int[] o = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            o[i] = Shape.dim("permute", order[i], rank);
            if (seen[o[i]]) throw new IllegalArgumentException("permute: dim " + order[i] + " repeats in " + Arrays.toString(order));
            seen[o[i]] = true;
            inverse[o[i]] = i;
        }
        Tensor out = x.viewWith(x.layout().permute(o));
        return Ops.record("permute", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shape.dim("transpose", dim0, Math.max(1, x.rank()));   // a 0-dim tensor takes dim 0 or -1, as in PyTorch
        int b = Shape.dim("transpose", dim1, Math.max(1, x.rank()));
        if (x.rank() == 0) return permute(x, order);
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor expand(Tensor x, int[] shape) {
        if (shape.length < x.rank()) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(x.shape()) + " to "
                    + Shape.str(shape) + " with fewer dims");
        }
        int[] target = shape.clone();
        int lead = shape.length - x.rank();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < lead) throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dim in " + Shape.str(shape));
                target[i] = x.shape()[i - lead];
            }
            if (i >= lead && x.shape()[i - lead] != 1 && x.shape()[i - lead] != target[i]) {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(x.shape()) + " to "
                        + Shape.str(shape) + " (dim " + i + ": " + x.shape()[i - lead] + " is not 1)");
            }
        }
        Tensor out = x.viewWith(x.layout().broadcastTo(target));
        int[] from = x.shape();
        return Ops.record("expand", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {Reductions.sumTo(g, from)});
    }

    // ---- slicing ----

    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shape.dim("slice", dim, x.rank());
        int n = x.shape()[d];
        if (step < 1) throw new IllegalArgumentException("slice: step must be >= 1, got " + step);
        int s = start < 0 ? start + n : start;
        int e = end < 0 ? end + n : end;
        if (s < 0 || s > n || e < s || e > n) {
            throw new IndexOutOfBoundsException("slice: [" + start + ", " + end + ") is out of range for dim " + dim
                    + " of size " + n + " (shape " + Shape.str(x.shape()) + ")");
        }
        int len = (e - s + step - 1) / step;
        int[] shape = x.shape();
        long[] strides = x.strides();
        long offset = x.layout().offset() + s * strides[d];
        shape[d] = len;
        strides[d] *= step;
        Tensor out = x.viewWith(new Layout(shape, strides, offset));
        return Ops.record("slice", out, new Tensor[] {x}, new SliceGradient(x.shape(), d, s, step));
    }

    /**
     * The gradient rule of a slice. A backward sweep that records nothing adds the gradient into the part of a
     * buffer it owns instead ({@link #addInto}), so that slicing a tensor into n pieces (the time steps of a
     * sequence, the gates of an LSTM) costs one buffer of its size, not n.
     */
    record SliceGradient(int[] inShape, int dim, int start, int step) implements GradientRule {
        @Override
        public Tensor[] apply(Tensor g, boolean[] needs) {
            return new Tensor[] {sliceBackward(g, inShape, dim, start, step)};
        }

        /** Adds {@code g} into the sliced part of {@code full} (of the input's shape), in place; nothing recorded. */
        void addInto(Tensor full, Tensor g) {
            int len = g.shape()[dim];
            full.slice(dim, start, start + (len - 1) * step + 1, step).addInPlace(g);
        }
    }

    /** The transpose of slice: {@code g} written into zeros of the input's shape. Its own gradient is the slice. */
    private static Tensor sliceBackward(Tensor g, int[] inShape, int dim, int start, int step) {
        Tensor out = Ops.zeros(g, g.dtype(), inShape);   // the copy writes only the sliced part
        Layout l = out.layout();
        long[] strides = l.strides().clone();
        long offset = start * strides[dim];
        strides[dim] *= step;
        g.backend().copy(g.storage(), g.layout(), out.storage(), new Layout(g.shape(), strides, offset));
        int len = g.shape()[dim];
        return Ops.record("sliceBackward", out, new Tensor[] {g},
                (gg, needs) -> new Tensor[] {slice(gg, dim, start, start + (len - 1) * step + 1, step)});
    }

    /** PyTorch's {@code narrow}: a negative start counts from the end; the range must lie inside the dim. */
    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shape.dim("narrow", dim, x.rank());
        int n = x.shape()[d];
        int from = start < 0 ? start + n : start;
        if (length < 0 || from < 0 || from > n || (long) from + length > n) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length + " do not fit in dim "
                    + dim + " of size " + n + " (shape " + Shape.str(x.shape()) + ")");
        }
        return slice(x, d, from, from + length, 1);
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = Shape.dim("select", dim, x.rank());
        int n = x.shape()[d];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + dim
                    + " of size " + n + " (shape " + Shape.str(x.shape()) + ")");
        }
        return squeeze(slice(x, d, i, i + 1, 1), d);
    }

    // ---- joining and splitting ----

    static Tensor cat(int dim, List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: no tensors given");
        Tensor first = tensors.get(0);
        int d = Shape.dim("cat", dim, first.rank());
        DType dtype = first.dtype();
        for (Tensor t : tensors) dtype = DType.promote(dtype, t.dtype());
        int[] shape = first.shape();
        int total = 0;
        for (int k = 0; k < tensors.size(); k++) {
            Tensor t = tensors.get(k);
            Ops.sameDevice("cat", first, t);
            boolean ok = t.rank() == first.rank();
            for (int i = 0; ok && i < shape.length; i++) ok = i == d || t.shape()[i] == shape[i];
            if (!ok) {
                throw new IllegalArgumentException("cat: tensor " + k + " has shape " + Shape.str(t.shape())
                        + " but tensor 0 has " + Shape.str(shape) + "; all dims but " + dim + " must match");
            }
            total = Shape.addSizes("cat", total, t.shape()[d]);
        }
        shape[d] = total;
        Tensor out = Ops.empty(first, dtype, shape);
        int[] offsets = new int[tensors.size()];
        int at = 0;
        for (int k = 0; k < tensors.size(); k++) {
            Tensor t = tensors.get(k);
            offsets[k] = at;
            Layout l = out.layout();
            Layout part = new Layout(t.shape(), l.strides(), at * l.strides()[d]);
            t.backend().copy(t.storage(), t.layout(), out.storage(), part);
            at += t.shape()[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Ops.record("cat", out, inputs, (g, needs) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                if (needs[k]) grads[k] = slice(g, d, offsets[k], offsets[k] + inputs[k].shape()[d], 1);
            }
            return grads;
        });
    }

    static Tensor stack(int dim, List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: no tensors given");
        int d = Shape.dim("stack", dim, tensors.get(0).rank() + 1);
        for (int k = 1; k < tensors.size(); k++) {
            if (!Arrays.equals(tensors.get(k).shape(), tensors.get(0).shape())) {
                throw new IllegalArgumentException("stack: tensor " + k + " has shape " + Shape.str(tensors.get(k).shape())
                        + " but tensor 0 has " + Shape.str(tensors.get(0).shape()));
            }
        }
        List<Tensor> expanded = new ArrayList<>();
        for (Tensor t : tensors) expanded.add(unsqueeze(t, d));
        Tensor out = cat(d, expanded);
        // the views would hold the inputs after the caller closed them; with grad the graph may still need them
        List<Tensor> keep = new ArrayList<>(tensors);
        keep.add(out);   // a cat of one tensor may be that tensor
        if (!Ops.recording(tensors.toArray(new Tensor[0]))) Ops.closeInternal(keep.toArray(new Tensor[0]), expanded.toArray(new Tensor[0]));
        return out;
    }

    static List<Tensor> split(Tensor x, int size, int dim) {
        int d = Shape.dim("split", dim, x.rank());
        if (size < 1) throw new IllegalArgumentException("split: size must be >= 1, got " + size);
        List<Tensor> parts = new ArrayList<>();
        int n = x.shape()[d];
        for (int s = 0; s < n; s += size) parts.add(slice(x, d, s, Math.min(n, s + size), 1));
        return parts;
    }

    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks < 1) throw new IllegalArgumentException("chunk: chunks must be >= 1, got " + chunks);
        int n = x.shape()[Shape.dim("chunk", dim, x.rank())];
        return split(x, Math.max(1, (n + chunks - 1) / chunks), dim);
    }
}
