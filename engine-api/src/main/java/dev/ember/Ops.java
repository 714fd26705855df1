package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Layout;

/** What every op's forward needs: new outputs, device checks, recording into the graph and anomaly checks. */
final class Ops {
    private Ops() {}

    static final Tensor[] NONE = new Tensor[0];

    /**
     * A new contiguous tensor on {@code backend} whose elements are unspecified: the output of a kernel that writes
     * all of it ({@link Backend#allocate}). Anything that writes only part of it, or adds onto it, takes {@link #zeros}.
     */
    static Tensor empty(Backend backend, DType dtype, int[] shape) {
        int[] s = Shape.validated(shape);
        return new Tensor(new SharedStorage(backend.allocate(dtype, Shape.numel(s)), backend), Layout.contiguous(s), dtype);
    }

    static Tensor empty(Tensor like, DType dtype, int[] shape) {
        return empty(like.backend(), dtype, shape);
    }

    /** A new contiguous, zero-filled tensor on {@code backend} ({@link Backend#zeros}). */
    static Tensor zeros(Backend backend, DType dtype, int[] shape) {
        int[] s = Shape.validated(shape);
        return new Tensor(new SharedStorage(backend.zeros(dtype, Shape.numel(s)), backend), Layout.contiguous(s), dtype);
    }

    static Tensor zeros(Tensor like, DType dtype, int[] shape) {
        return zeros(like.backend(), dtype, shape);
    }

    /**
     * {@code t} packed: contiguous, at offset 0, filling its storage exactly. Kernels that take a storage and a
     * shape without a layout (convolution, pooling) need this.
     */
    static Tensor packed(Tensor t) {
        Layout l = t.layout();
        if (l.isContiguous() && l.offset() == 0 && t.storage().size() == l.numel()) return t;
        return Views.copy("contiguous", t);
    }

    /**
     * Closes tensors of an op's own that its caller never sees (the internal output a result views, a copy, a view
     * made for a kernel) once the result is made, so that closing the result releases everything the call allocated:
     * a view holds the storage it shares, and a view made before stays usable. Skips {@code keep} (the result, the
     * inputs: a no-op view or cast may return the very tensor it was given). Nothing saved for backward belongs here.
     */
    static void closeInternal(Tensor[] keep, Tensor... internals) {
        outer:
        for (Tensor t : internals) {
            if (t == null) continue;
            for (Tensor k : keep) if (k == t) continue outer;
            t.close();
        }
    }

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new DeviceMismatchException(op + ": tensors are on different devices (" + a.device() + " and "
                    + b.device() + "); move one with to(device)");
        }
    }

    static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new DTypeException(op + ": expected a float32 or float64 tensor, got " + t.dtype()
                    + " of shape " + Shape.str(t.shape()));
        }
    }

    static boolean recording(Tensor... inputs) {
        if (!GradMode.enabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Finishes an op: checks for a fresh NaN in anomaly mode, and when an input requires grad, links {@code out}
     * to a graph node that runs {@code rule} on backward with {@code saved} guarded by version counters.
     */
    static Tensor record(String op, Tensor out, Tensor[] inputs, Tensor[] saved, GradientRule rule) {
        if (GradMode.anomaly()) Anomaly.checkForward(op, out, inputs);
        if (out.dtype().isFloating() && recording(inputs)) out.setGradFn(new Node(op, inputs, saved, rule));
        return out;
    }

    static Tensor record(String op, Tensor out, Tensor[] inputs, GradientRule rule) {
        return record(op, out, inputs, NONE, rule);
    }

    /**
     * A 0-dim tensor holding {@code value} with the dtype a Java {@code double} gets next to {@code t}: {@code t}'s
     * own float type, or float32 next to an integer or bool tensor. The value rounds to that type as the op would
     * compute it (float32 plus 1e39 is infinity, as in PyTorch). With {@code integral}, {@code value} stands for a
     * Java integer ({@link #scalarFor(Tensor, long)}).
     */
    static Tensor scalarFor(Tensor t, double value, boolean integral) {
        if (integral) {
            if (value != Math.rint(value) || !(Math.abs(value) < 0x1p63)) {
                throw new IllegalArgumentException("internal: " + value + " passed as an integral scalar");
            }
            return scalarFor(t, (long) value);
        }
        return Creation.filled(t.backend(), DType.promoteWithScalar(t.dtype(), false), new int[0], value);
    }

    /**
     * The other side of a comparison with a Java {@code double} (and a clamp bound): next to an integer tensor, a
     * whole value the tensor's type holds is compared as that integer type, and any other value in float64, where
     * {@link #scalarFor(Tensor, double, boolean)}'s float32 would round both sides ({@code int64 16777217 == 16777216}
     * was true); next to a float tensor, {@code t}'s own float type, as in PyTorch.
     */
    static Tensor comparand(Tensor t, double value) {
        if (!t.dtype().isInteger()) return scalarFor(t, value, false);
        boolean whole = value == Math.rint(value) && Math.abs(value) < 0x1p63;
        boolean fits = t.dtype() == DType.INT64 || (long) value == (int) (long) value;
        if (whole && fits) return scalarFor(t, (long) value);
        return Creation.filled(t.backend(), DType.FLOAT64, new int[0], value);
    }

    /**
     * The other side of a comparison with a Java {@code long}: held exactly next to an int64 or bool tensor ({@code int64
     * 2^53 + 1} is not equal to {@code 2^53}); next to an int32 tensor as int32 when it fits, else in float64, which
     * orders it exactly against every int32 value (an int64 0-dim tensor would be cast to int32 and wrap); in {@code t}'s
     * own type next to a float tensor, as in PyTorch.
     */
    static Tensor comparand(Tensor t, long value) {
        if (t.dtype().isFloating()) return scalarFor(t, value);
        if (t.dtype() == DType.INT32) {
            return value == (int) value ? scalarFor(t, value) : Creation.filled(t.backend(), DType.FLOAT64, new int[0], value);
        }
        return Creation.integerScalar(t.backend(), DType.INT64, value);
    }

    /**
     * A 0-dim tensor holding a Java {@code boolean} as 1 or 0 in {@code t}'s own type: a bool scalar never changes a
     * tensor's type, as in PyTorch ({@code bool tensor + true} is bool, a logical or; {@code int32 tensor * false} is
     * int32).
     */
    static Tensor scalarFor(Tensor t, boolean value) {
        return Creation.filled(t.backend(), t.dtype(), new int[0], value ? 1 : 0);
    }

    /**
     * A 0-dim tensor holding {@code value} with the dtype a Java {@code long} gets next to {@code t}: {@code t}'s own
     * type, int64 next to bool. Held exactly; a value that does not fit an int32 tensor's type is refused, naming the
     * value and the tensor, where a cast would wrap it ({@code int32 tensor + 3_000_000_000L}).
     */
    static Tensor scalarFor(Tensor t, long value) {
        DType dt = DType.promoteWithScalar(t.dtype(), true);
        if (dt.isFloating()) return Creation.filled(t.backend(), dt, new int[0], value);
        if (dt == DType.INT32 && value != (int) value) {
            throw new IllegalArgumentException("the scalar " + value + " does not fit int32, the dtype of the int32 tensor "
                    + "of shape " + Shape.str(t.shape()) + " it is used with (int32 holds " + Integer.MIN_VALUE + ".."
                    + Integer.MAX_VALUE + "); convert the tensor with to(DType.INT64) first");
        }
        return Creation.integerScalar(t.backend(), dt, value);
    }
}
