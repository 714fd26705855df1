package dev.ember;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

import java.util.Locale;

/**
 * Elementwise ops: their dtype rules, broadcasting, and gradient rules (the table in {@link #unaryGradient} and
 * {@link #binaryGradient}). Gradients of broadcast inputs are summed back to the input's shape.
 */
final class Elementwise {
    private Elementwise() {}

    private static final java.util.Map<Enum<?>, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The op's method name: {@code LEAKY_RELU -> leakyRelu}, the name messages and the graph use. */
    static String name(Enum<?> op) { return NAMES.computeIfAbsent(op, Elementwise::camelCase); }

    private static String camelCase(Enum<?> op) {
        String[] parts = op.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return sb.toString();
    }

    static Tensor unary(UnaryOp op, Tensor x) { return unary(op, 0, x); }

    static Tensor unary(UnaryOp op, double param, Tensor x) {
        DType dtype = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : op.needsFloat() ? DType.toFloating(x.dtype()) : x.dtype();
        if (x.dtype().isBool() && !op.needsFloat() && op != UnaryOp.LOGICAL_NOT) dtype = DType.INT64;
        Tensor in = x.to(dtype);
        Tensor out = Ops.empty(in, dtype, in.shape());
        in.backend().unary(op, param, in.storage(), in.layout(), out.storage(), out.layout());
        Tensor[] saved = switch (op) {
            case EXP, SQRT, RSQRT, TANH, SIGMOID -> new Tensor[] {out};
            case ELU -> new Tensor[] {in, out};
            default -> new Tensor[] {in};
        };
        return Ops.record(name(op), out, new Tensor[] {in}, saved,
                (g, needs) -> new Tensor[] {unaryGradient(op, param, in, out, g)});
    }

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;   // erf'(0), as PyTorch's M_2_SQRTPI

    /** d op(x) / dx times the incoming gradient {@code g}, written with tensor ops. */
    private static Tensor unaryGradient(UnaryOp op, double param, Tensor x, Tensor out, Tensor g) {
        return switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(out);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1.0));
            case SQRT -> g.div(out.mul(2.0));
            case RSQRT -> g.mul(out.pow(3.0)).mul(-0.5);
            case ABS -> g.mul(x.sign());
            case SIGN, STEP -> Tensor.zerosLike(g);            // flat almost everywhere
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(out.mul(out).rsub(1.0));
            case SIGMOID -> g.mul(out.mul(out.rsub(1.0)));
            case RELU -> g.mul(x.step());                       // step: 1 where x > 0, in x's own float dtype
            case LEAKY_RELU -> g.mul(where(x.gt(0.0), Ops.scalarFor(g, 1.0, false), Ops.scalarFor(g, param, false)));
            case ELU -> where(x.le(0.0), g.mul(out.add(param)), g);   // NaN takes the x > 0 side, as in PyTorch
            case SOFTPLUS -> g.mul(x.sigmoid());
            case ERF -> g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI));
            case ERFC -> g.mul(x.mul(x).neg().exp().mul(-TWO_OVER_SQRT_PI));
            case LOGICAL_NOT -> throw new IllegalStateException("logicalNot has no gradient");
        };
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = name(op);
        Ops.sameDevice(name, a, b);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        DType common = op.isLogical() ? DType.BOOL : DType.promote(a.dtype(), b.dtype());
        if (op == BinaryOp.DIV || op == BinaryOp.POW) common = DType.toFloating(common);
        if (common.isBool() && !op.returnsBool()) common = DType.INT64;   // true + true = 2, as in NumPy's int view
        Tensor ca = a.to(common);
        Tensor cb = b.to(common);
        Tensor out = Ops.empty(ca, op.returnsBool() ? DType.BOOL : common, shape);
        ca.backend().binary(op, ca.storage(), ca.layout().broadcastTo(shape), cb.storage(), cb.layout().broadcastTo(shape),
                out.storage(), out.layout());
        if (op.returnsBool()) return Ops.record(name, out, new Tensor[] {ca, cb}, null);
        Tensor[] saved = switch (op) {
            case ADD, SUB -> Ops.NONE;
            case MUL -> Ops.recording(cb) ? new Tensor[] {ca, cb} : new Tensor[] {cb};
            case POW -> new Tensor[] {ca, cb, out};
            default -> new Tensor[] {ca, cb};
        };
        return Ops.record(name, out, new Tensor[] {ca, cb}, saved, (g, needs) -> binaryGradient(op, ca, cb, out, g, needs));
    }

    private static Tensor[] binaryGradient(BinaryOp op, Tensor a, Tensor b, Tensor out, Tensor g, boolean[] needs) {
        Tensor ga = null;
        Tensor gb = null;
        switch (op) {
            case ADD -> { ga = g; gb = g; }
            case SUB -> { ga = g; gb = needs[1] ? g.neg() : null; }
            case MUL -> { ga = needs[0] ? g.mul(b) : null; gb = needs[1] ? g.mul(a) : null; }
            case DIV -> {
                ga = needs[0] ? g.div(b) : null;
                gb = needs[1] ? g.mul(a).div(b.mul(b)).neg() : null;
            }
            case POW -> {
                ga = needs[0] ? g.mul(b).mul(a.pow(b.sub(1.0))) : null;
                gb = needs[1] ? g.mul(out).mul(a.log()) : null;   // only when the exponent is a variable
            }
            case MAXIMUM, MINIMUM -> {
                Tensor wins = (op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b)).to(g.dtype());
                Tensor share = wins.add(a.eq(b).to(g.dtype()).mul(0.5));   // ties split evenly
                ga = needs[0] ? g.mul(share) : null;
                gb = needs[1] ? g.mul(share.rsub(1.0)) : null;
            }
            default -> throw new IllegalStateException(name(op) + " has no gradient");
        }
        return new Tensor[] {
            ga == null ? null : Reductions.sumTo(ga, a.shape()),
            gb == null ? null : Reductions.sumTo(gb, b.shape())
        };
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Ops.sameDevice("where", condition, a);
        Ops.sameDevice("where", a, b);
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        DType common = DType.promote(a.dtype(), b.dtype());
        Tensor c = condition.to(DType.BOOL);
        Tensor ca = a.to(common);
        Tensor cb = b.to(common);
        Tensor out = Ops.empty(ca, common, shape);
        ca.backend().where(c.storage(), c.layout().broadcastTo(shape), ca.storage(), ca.layout().broadcastTo(shape),
                cb.storage(), cb.layout().broadcastTo(shape), out.storage(), out.layout());
        return Ops.record("where", out, new Tensor[] {c, ca, cb}, new Tensor[] {c}, (g, needs) -> {
            Tensor zero = Tensor.zerosLike(g);
            return new Tensor[] {
                null,
                needs[1] ? Reductions.sumTo(where(c, g, zero), ca.shape()) : null,
                needs[2] ? Reductions.sumTo(where(c, zero, g), cb.shape()) : null
            };
        });
    }

    /**
     * {@code x + value * t1 * t2} with all three broadcast, as PyTorch's {@code addcmul}: one kernel and one pass
     * over memory instead of two ops and a temporary. The result is floating (a Java {@code double} never widens a
     * float tensor, and integer inputs become float32); the gradient is that of the two-op composite.
     */
    static Tensor addcmul(Tensor x, Tensor t1, Tensor t2, double value) {
        Ops.sameDevice("addcmul", x, t1);
        Ops.sameDevice("addcmul", x, t2);
        int[] shape = Shape.broadcast("addcmul", Shape.broadcast("addcmul", x.shape(), t1.shape()), t2.shape());
        DType common = DType.promoteWithScalar(DType.promote(DType.promote(x.dtype(), t1.dtype()), t2.dtype()), false);
        Tensor cx = x.to(common);
        Tensor c1 = t1.to(common);
        Tensor c2 = t2.to(common);
        Tensor out = Ops.empty(cx, common, shape);
        cx.backend().addcmul(cx.storage(), cx.layout().broadcastTo(shape), c1.storage(), c1.layout().broadcastTo(shape),
                c2.storage(), c2.layout().broadcastTo(shape), value, out.storage(), out.layout());
        Tensor[] saved = Ops.recording(c1, c2) ? new Tensor[] {c1, c2} : Ops.NONE;
        return Ops.record("addcmul", out, new Tensor[] {cx, c1, c2}, saved, (g, needs) -> new Tensor[] {
            needs[0] ? Reductions.sumTo(g, cx.shape()) : null,
            needs[1] ? Reductions.sumTo(g.mul(c2).mul(value), c1.shape()) : null,
            needs[2] ? Reductions.sumTo(g.mul(c1).mul(value), c2.shape()) : null
        });
    }

    /**
     * Composite: the gradient passes where {@code min <= x <= max}, as in PyTorch. An integer tensor clamped to whole
     * bounds it can hold stays integer (PyTorch's {@code clamp(0, 10)} on ints); other bounds make the result float.
     */
    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        Tensor r = x;
        if (min != Double.NEGATIVE_INFINITY) r = where(x.lt(min), bound(x, min), r);
        if (max != Double.POSITIVE_INFINITY) r = where(x.gt(max), bound(x, max), r);
        return r;
    }

    /** An integer tensor's own type for a whole bound it holds ({@link Ops#comparand}), else the op's float type. */
    private static Tensor bound(Tensor x, double value) {
        Tensor c = Ops.comparand(x, value);
        return c.dtype() == DType.FLOAT64 && x.dtype().isInteger() ? Ops.scalarFor(x, value, false) : c;
    }
}
