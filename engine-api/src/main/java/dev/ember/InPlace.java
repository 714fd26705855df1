package dev.ember;

import dev.ember.backend.BinaryOp;

/**
 * In-place writes. The new value is computed by the ordinary op, then written into this tensor's storage and
 * the storage's version bumped, so the graph notices if a tensor it saved was overwritten. Under recording,
 * the tensor takes over the op's graph node (a snapshot of its old self stays as the node's input).
 */
final class InPlace {
    private InPlace() {}

    /** {@code self = compute(self)}, in place; {@code other} is the op's other tensor operand, or null. */
    static Tensor apply(String op, Tensor self, Tensor other, java.util.function.UnaryOperator<Tensor> compute) {
        boolean recording = GradMode.enabled();
        if (recording) {
            if (self.requiresGrad() && self.isLeaf()) {
                throw new IllegalStateException(op + ": a leaf tensor that requires grad (shape " + Shape.str(self.shape())
                        + ") cannot be changed in place while gradients are recorded; do it inside Autograd.noGrad()");
            }
        }
        // the op may save its input for backward; under recording it gets a copy of the old value, which the
        // write below leaves intact (the copy's node links to the old value's producer)
        boolean tracked = recording && (self.requiresGrad() || other != null && other.requiresGrad());
        Tensor result = compute.apply(tracked ? self.copy() : self);
        if (recording) {
            if (result.requiresGrad() && self.viewOf() != null) {
                throw new IllegalStateException(op + ": in-place ops on a view of another tensor are not recorded by "
                        + "autograd; use the out-of-place op");
            }
        }
        if (!java.util.Arrays.equals(result.shape(), self.shape())) {
            throw new IllegalArgumentException(op + ": the result has shape " + Shape.str(result.shape())
                    + " but the tensor being changed has " + Shape.str(self.shape()) + " (broadcasting cannot grow it)");
        }
        if (!DType.canCast(result.dtype(), self.dtype())) {
            throw new IllegalArgumentException(op + ": result type " + result.dtype() + " can't be cast to the desired "
                    + "output type " + self.dtype() + " (the " + self.dtype() + " tensor of shape " + Shape.str(self.shape())
                    + " changed in place" + (other == null ? "" : ", with a " + other.dtype() + " operand of shape "
                    + Shape.str(other.shape())) + "); use the out-of-place op, or convert with to(DType) explicitly");
        }
        write(self, result);
        if (recording && result.requiresGrad()) self.setGradFn(result.gradFn());
        else if (recording) cutGraph(self);
        return self;
    }

    /**
     * {@code self = self op other}. When nothing is recorded and the result's dtype and shape are already
     * {@code self}'s, the kernel writes straight into {@code self} (one pass, no temporary); otherwise as
     * {@link #apply}.
     */
    static Tensor binary(String name, BinaryOp op, Tensor self, Tensor other) {
        if (!GradMode.enabled() && writesInPlace(name, op, self, other)) {
            self.backend().binary(op, self.storage(), self.layout(), other.storage(),
                    other.layout().broadcastTo(self.shape()), self.storage(), self.layout());
            self.shared().bumpVersion();
            return self;
        }
        return apply(name, self, other, t -> Elementwise.binary(op, t, other));
    }

    /**
     * {@code self += value * t1 * t2}. Without recording, and when the operands already have {@code self}'s
     * dtype and broadcast to its shape, the kernel writes straight into {@code self}; otherwise as {@link #apply}.
     */
    static Tensor addcmul(Tensor self, Tensor t1, Tensor t2, double value) {
        if (!self.dtype().isFloating() && value != Math.rint(value)) {
            throw new IllegalArgumentException("addcmulInPlace: value " + value + " is not a whole number, so the result "
                    + "cannot be written into the " + self.dtype() + " tensor of shape " + Shape.str(self.shape())
                    + " without truncating it; use the out-of-place addcmul");
        }
        // an integer tensor (operands of its dtype, so nothing to record) always takes the kernel: the out-of-place
        // addcmul is float, which the in-place write would refuse
        boolean nothingToRecord = !GradMode.enabled() || !self.dtype().isFloating();
        if (nothingToRecord && writesInPlace("addcmulInPlace", BinaryOp.MUL, self, t1)
                && writesInPlace("addcmulInPlace", BinaryOp.MUL, self, t2)
                && t1.dtype() == self.dtype() && t2.dtype() == self.dtype()) {
            self.backend().addcmul(self.storage(), self.layout(), t1.storage(), t1.layout().broadcastTo(self.shape()),
                    t2.storage(), t2.layout().broadcastTo(self.shape()), value, self.storage(), self.layout());
            self.shared().bumpVersion();
            return self;
        }
        Tensor tracked = t1.requiresGrad() ? t1 : t2;
        return apply("addcmulInPlace", self, tracked, t -> Elementwise.addcmul(t, t1, t2, value));
    }

    private static boolean writesInPlace(String name, BinaryOp op, Tensor self, Tensor other) {
        if (!self.device().equals(other.device())) return false;
        if (other.dtype() != self.dtype() || op.returnsBool() || op.isLogical() || self.dtype().isBool()) return false;
        if ((op == BinaryOp.DIV || op == BinaryOp.POW) && !self.dtype().isFloating()) return false;
        if (!java.util.Arrays.equals(Shape.broadcast(name, self.shape(), other.shape()), self.shape())) return false;
        // an operand sharing self's storage must be read exactly where it is written, element by element
        return other.shared() != self.shared() || other.layout().equals(self.layout());
    }

    static Tensor copyFrom(Tensor self, Tensor source) {
        Ops.sameDevice("copyFrom", self, source);
        Tensor src = source.expand(self.shape());
        if (GradMode.enabled() && self.requiresGrad() && self.isLeaf()) {
            throw new IllegalStateException("copyFrom: a leaf tensor that requires grad (shape " + Shape.str(self.shape())
                    + ") cannot be overwritten while gradients are recorded; do it inside Autograd.noGrad()");
        }
        write(self, src);
        if (GradMode.enabled() && source.requiresGrad()) {
            self.setGradFn(new Node("copyFrom", new Tensor[] {source}, Ops.NONE,
                    (g, needs) -> new Tensor[] {Reductions.sumTo(g, source.shape())}));
        } else if (GradMode.enabled()) {
            cutGraph(self);
        }
        return self;
    }

    static Tensor fill(Tensor self, double value) {
        if (GradMode.enabled() && self.requiresGrad() && self.isLeaf()) {
            throw new IllegalStateException("fillInPlace: a leaf tensor that requires grad (shape " + Shape.str(self.shape())
                    + ") cannot be overwritten while gradients are recorded; do it inside Autograd.noGrad()");
        }
        double element = Creation.element("fillInPlace", self.dtype(), self.shape(), value);
        self.backend().fill(self.storage(), self.layout(), element);
        self.shared().bumpVersion();
        if (GradMode.enabled()) cutGraph(self);
        return self;
    }

    /** {@link #fill} with a Java {@code long}, held exactly (a double rounds int64 values past 2^53). */
    static Tensor fill(Tensor self, long value) {
        if (GradMode.enabled() && self.requiresGrad() && self.isLeaf()) {
            throw new IllegalStateException("fillInPlace: a leaf tensor that requires grad (shape " + Shape.str(self.shape())
                    + ") cannot be overwritten while gradients are recorded; do it inside Autograd.noGrad()");
        }
        Tensor element = Creation.element("fillInPlace", self.backend(), self.dtype(), self.shape(), value);
        self.backend().copy(element.storage(), element.layout().broadcastTo(self.shape()), self.storage(), self.layout());
        self.shared().bumpVersion();
        if (GradMode.enabled()) cutGraph(self);
        return self;
    }

    /** The overwritten values no longer depend on the old graph: gradients stop here. */
    private static void cutGraph(Tensor self) {
        if (self.gradFn() != null) self.setGradFn(new Node("overwritten", new Tensor[0], Ops.NONE, (g, needs) -> new Tensor[0]));
    }

    private static void write(Tensor self, Tensor value) {
        Tensor v = value.to(self.dtype());
        self.backend().copy(v.storage(), v.layout(), self.storage(), self.layout());
        self.shared().bumpVersion();
    }
}
