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

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices (" + a.device() + " and "
                    + b.device() + "); move one with to(device)");
        }
    }

    static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 tensor, got " + t.dtype()
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

    /** A 0-dim tensor holding {@code value} with the dtype a Java scalar gets next to {@code t}. */
    static Tensor scalarFor(Tensor t, double value, boolean integral) {
        DType dt = DType.promoteWithScalar(t.dtype(), integral);
        return Creation.full(t.backend(), dt, new int[0], value);
    }
}
