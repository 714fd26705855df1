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
        if (op == UnaryOp.EXP || op == UnaryOp.LOG) x = Autocast.cast(op == UnaryOp.EXP ? "exp" : "log", x);
        DType dtype = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : op.needsFloat() ? DType.toFloating(x.dtype()) : x.dtype();
        if (x.dtype().isBool() && !op.needsFloat() && op != UnaryOp.LOGICAL_NOT) dtype = DType.INT64;
        Tensor in = x.to(dtype);
        Tensor out = Ops.empty(in, dtype, in.shape());
        in.backend().unary(op, param, in.storage(), in.layout(), out.storage(), out.layout());
        Tensor[] saved = switch (op) {
            case EXP, SQRT, RSQRT, TANH, SIGMOID -> new Tensor[] {out};
            case ELU -> new Tensor[] {in, out};
            case EXP2, EXPM1, TAN -> new Tensor[] {out};
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
            case FLOOR, CEIL, ROUND, TRUNC -> Tensor.zerosLike(g);   // PyTorch defines these as zero, steps included
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(out.mul(out).rsub(1.0));
            case SIGMOID -> g.mul(out.mul(out.rsub(1.0)));
            // PyTorch's threshold_backward and elu_backward: 0 (or the negative branch) where x <= 0, else g, so a
            // NaN input passes g as its NaN output does
            case RELU -> where(x.le(0.0), Ops.scalarFor(g, 0.0, false), g);
            case LEAKY_RELU -> g.mul(where(x.gt(0.0), Ops.scalarFor(g, 1.0, false), Ops.scalarFor(g, param, false)));
            case ELU -> where(x.le(0.0), g.mul(out.add(param)), g);   // NaN takes the x > 0 side, as in PyTorch
            case SOFTPLUS -> g.mul(x.sigmoid());
            case ERF -> g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI));
            case ERFC -> g.mul(x.mul(x).neg().exp().mul(-TWO_OVER_SQRT_PI));
            case LOGICAL_NOT -> throw new IllegalStateException("logicalNot has no gradient");
            // more math, as PyTorch's derivatives.yaml
            case EXP2 -> g.mul(out).mul(LN2);
            case EXPM1 -> g.mul(out.add(1.0));
            case LOG2 -> g.div(x.mul(LN2));
            case LOG10 -> g.div(x.mul(LN10));
            case SINH -> g.mul(x.cosh());
            case COSH -> g.mul(x.sinh());
            case TAN -> g.mul(out.mul(out).add(1.0));
            case ASIN -> g.mul(x.mul(x).rsub(1.0).rsqrt());      // NaN outside [-1, 1], inf at the ends
            case ACOS -> g.mul(x.mul(x).rsub(1.0).rsqrt()).neg();
            case ATAN -> g.div(x.mul(x).add(1.0));
        };
    }

    private static final double LN2 = 0.6931471805599453;     // ln 2 and ln 10 rounded to double, as M_LN2, M_LN10
    private static final double LN10 = 2.302585092994046;

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = name(op);
        Ops.sameDevice(name, a, b);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        if (op == BinaryOp.SUB && (a.dtype().isBool() || b.dtype().isBool())) {
            throw new IllegalArgumentException("sub: subtraction with a bool tensor is not supported (" + a.dtype() + " "
                    + Shape.str(a.shape()) + " - " + b.dtype() + " " + Shape.str(b.shape()) + "), as in PyTorch; to invert "
                    + "a mask use logicalNot(), to compare two use logicalXor()");
        }
        DType common = op.isLogical() ? DType.BOOL : resultType(a, b);
        if (op == BinaryOp.DIV || op == BinaryOp.POW) common = DType.toFloating(common);
        if (op == BinaryOp.ATAN2 || op == BinaryOp.HYPOT) common = DType.toFloating(common);
        if (common.isBool() && !op.returnsBool()) return binary(logicalTwin(op), a, b);
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
            case HYPOT -> new Tensor[] {ca, cb, out};
            default -> new Tensor[] {ca, cb};
        };
        return Ops.record(name, out, new Tensor[] {ca, cb}, saved, (g, needs) -> binaryGradient(op, ca, cb, out, g, needs));
    }

    /**
     * The dtype two tensors compute in, PyTorch's {@code result_type}: a 0-dim tensor next to one with dims counts only
     * by its category ({@link DType#promoteWithZeroDim}).
     */
    static DType resultType(Tensor a, Tensor b) {
        if ((a.rank() == 0) == (b.rank() == 0)) return DType.promote(a.dtype(), b.dtype());
        return a.rank() == 0 ? DType.promoteWithZeroDim(b.dtype(), a.dtype()) : DType.promoteWithZeroDim(a.dtype(), b.dtype());
    }

    /** Arithmetic on bools as PyTorch does it: {@code add}/{@code maximum} are or, {@code mul}/{@code minimum} and. */
    private static BinaryOp logicalTwin(BinaryOp op) {
        return switch (op) {
            case ADD, MAXIMUM -> BinaryOp.LOGICAL_OR;
            case MUL, MINIMUM -> BinaryOp.LOGICAL_AND;
            default -> throw new IllegalStateException("internal: " + name(op) + " of two bools");
        };
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
            case POW -> {   // PyTorch's pow_backward_self and pow_backward_exponent, masked where the formula is 0 * inf
                Tensor zero = Ops.scalarFor(g, 0.0, false);
                ga = needs[0] ? where(b.eq(0.0), zero, g.mul(b).mul(a.pow(b.sub(1.0)))) : null;
                gb = needs[1] ? g.mul(where(a.eq(0.0).logicalAnd(b.ge(0.0)), zero, out.mul(a.log()))) : null;
            }
            case MAXIMUM, MINIMUM -> {
                Tensor wins = (op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b)).to(g.dtype());
                Tensor share = wins.add(a.eq(b).to(g.dtype()).mul(0.5));   // ties split evenly
                ga = needs[0] ? g.mul(share) : null;
                gb = needs[1] ? g.mul(share.rsub(1.0)) : null;
            }
            case REMAINDER, FMOD -> {   // PyTorch's: -floor(a / b) resp. -trunc(a / b) for the divisor
                ga = g;
                gb = needs[1] ? g.mul(op == BinaryOp.REMAINDER ? a.floorDivide(b) : a.div(b).trunc()).neg() : null;
            }
            case FLOOR_DIVIDE -> { ga = needs[0] ? Tensor.zerosLike(g) : null; gb = needs[1] ? Tensor.zerosLike(g) : null; }
            case ATAN2 -> {   // d atan2(a, b) = (b da - a db) / (a^2 + b^2)
                Tensor scale = g.div(a.mul(a).add(b.mul(b)));
                ga = needs[0] ? scale.mul(b) : null;
                gb = needs[1] ? scale.mul(a).neg() : null;
            }
            case HYPOT -> {
                ga = needs[0] ? g.mul(a).div(out) : null;
                gb = needs[1] ? g.mul(b).div(out) : null;
            }
            default -> throw new IllegalStateException(name(op) + " has no gradient");
        }
        return new Tensor[] {
            ga == null ? null : Reductions.sumTo(ga, a.shape()),
            gb == null ? null : Reductions.sumTo(gb, b.shape())
        };
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        if (condition.dtype() != DType.BOOL) {   // as PyTorch: a float mask read as "non-zero" hides a mistake
            throw new IllegalArgumentException("where: the condition must be a bool tensor, got " + condition.dtype()
                    + " of shape " + Shape.str(condition.shape()) + " (compare it, e.g. cond.ne(0), to make one)");
        }
        Ops.sameDevice("where", condition, a);
        Ops.sameDevice("where", a, b);
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        DType common = resultType(a, b);
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
