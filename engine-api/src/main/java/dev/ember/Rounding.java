package dev.ember;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.UnaryOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Rounding and arithmetic ops with PyTorch 1.13's semantics at the edges: the rounding functions, the three integer
 * divisions, the float classifications, {@code nanToNum}, {@code clamp} with tensor bounds, {@code lerp},
 * {@code xlogy} and the one-argument {@code where}. The rounding functions and divisions are backend primitives
 * ({@link UnaryOp}, {@link BinaryOp}); everything else is a composite, with its own gradient rule only where PyTorch
 * defines one that the composite's would not give (clamp's bounds, xlogy at 0).
 */
final class Rounding {
    private Rounding() {}

    /** floor, ceil, round, trunc: floats round; integers are already whole (a new, equal tensor, as in PyTorch); bool is refused. */
    static Tensor round(UnaryOp op, Tensor x) {
        String name = Elementwise.name(op);
        if (x.dtype().isBool()) {
            throw new IllegalArgumentException(name + ": not defined for bool tensors (shape " + Shape.str(x.shape())
                    + "), as in PyTorch; convert with to(DType.INT64) or to a float type first");
        }
        return Elementwise.unary(op, x);
    }

    /**
     * {@code round(x * 10^d) / 10^d} (for negative {@code d}: {@code round(x / 10^-d) * 10^-d}), the power rounded to
     * the tensor's float type, as PyTorch's {@code round(decimals=)} computes it.
     */
    static Tensor round(Tensor x, int decimals) {
        if (decimals == 0) return round(UnaryOp.ROUND, x);
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("round: decimals " + decimals + " needs a float32 or float64 tensor, got "
                    + x.dtype() + " of shape " + Shape.str(x.shape()) + ", as in PyTorch");
        }
        double power = Math.pow(10, Math.abs(decimals));
        return decimals > 0 ? x.mul(power).round().div(power) : x.div(power).round().mul(power);
    }

    /** {@code x - trunc(x)}, floats only (PyTorch refuses integers); its gradient is 1. */
    static Tensor frac(Tensor x) {
        Ops.requireFloating("frac", x);
        return x.sub(x.trunc());
    }

    /**
     * remainder, fmod, floorDivide. Two bool tensors are refused, and an integer division by zero throws
     * {@link ArithmeticException} as PyTorch's CPU kernels raise {@code ZeroDivisionError}: the check reads the
     * divisor back (one host synchronisation on a device), integer divisions only.
     */
    static Tensor divide(BinaryOp op, Tensor a, Tensor b) {
        String name = Elementwise.name(op);
        DType common = DType.promote(a.dtype(), b.dtype());
        if (common.isBool()) {
            throw new IllegalArgumentException(name + ": not defined for two bool tensors (shapes " + Shape.str(a.shape())
                    + " and " + Shape.str(b.shape()) + "), as in PyTorch");
        }
        if (common.isInteger() && b.numel() > 0 && b.eq(0.0).sum().item() != 0) {
            throw new ArithmeticException(name + ": integer division by zero: the " + b.dtype() + " divisor of shape "
                    + Shape.str(b.shape()) + " holds 0 (PyTorch raises ZeroDivisionError)");
        }
        return Elementwise.binary(op, a, b);
    }

    static Tensor divide(BinaryOp op, Tensor a, long b) {
        if (b == 0 && !a.dtype().isFloating()) {
            throw new ArithmeticException(Elementwise.name(op) + ": integer division by zero: the divisor is 0 and the "
                    + a.dtype() + " tensor has shape " + Shape.str(a.shape()) + " (PyTorch raises ZeroDivisionError)");
        }
        return divide(op, a, Ops.scalarFor(a, b));
    }

    /** {@code x * x}: integers stay integer, bool gives int64, as PyTorch's {@code square}. */
    /** {@code x * x}; bool gives int64, as PyTorch's {@code square} (which is {@code pow(x, 2)}), where bool mul is a logical and. */
    static Tensor square(Tensor x) {
        Tensor v = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x;
        return v.mul(v);
    }

    /** {@code 1 / x}; integers and bool give float32. */
    static Tensor reciprocal(Tensor x) { return Elementwise.binary(BinaryOp.DIV, Ops.scalarFor(x, 1.0, false), x); }

    static Tensor isnan(Tensor x) {
        return x.dtype().isFloating() ? x.ne(x) : Creation.full(x.backend(), DType.BOOL, x.shape(), 0);
    }

    static Tensor isinf(Tensor x) {
        return x.dtype().isFloating() ? x.abs().eq(Double.POSITIVE_INFINITY) : Creation.full(x.backend(), DType.BOOL, x.shape(), 0);
    }

    static Tensor isfinite(Tensor x) {
        return x.dtype().isFloating() ? x.abs().lt(Double.POSITIVE_INFINITY) : Creation.full(x.backend(), DType.BOOL, x.shape(), 1);
    }

    /**
     * NaN, +inf and -inf replaced by the given values, each rounded to the tensor's type (PyTorch: float32 with
     * {@code nan=1e50} gives inf); a null infinity takes the type's largest or lowest finite value. Integer and bool
     * tensors come back as copies. The gradient passes where {@code x} is finite.
     */
    static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) {
        if (!x.dtype().isFloating()) return Views.copy("nanToNum", x);
        double max = x.dtype().maxFinite();
        Tensor r = Elementwise.where(x.ne(x), Ops.scalarFor(x, nan, false), x);
        r = Elementwise.where(x.eq(Double.POSITIVE_INFINITY), Ops.scalarFor(x, posinf == null ? max : posinf, false), r);
        return Elementwise.where(x.eq(Double.NEGATIVE_INFINITY), Ops.scalarFor(x, neginf == null ? -max : neginf, false), r);
    }

    /**
     * {@code min(max(x, min), max)} with tensor bounds (either may be null), all three broadcast and promoted. As in
     * PyTorch: a NaN in {@code x} or in a bound gives NaN, {@code x} is kept where it equals a bound (so -0 stays
     * -0), and with {@code min > max} the result is {@code max}. Gradients follow PyTorch's {@code clamp_backward}:
     * to {@code x} where {@code min <= x <= max}, to {@code min} where {@code x < min < max}, to {@code max} where
     * {@code x > max} or {@code max < min}.
     */
    static Tensor clamp(Tensor x, Tensor min, Tensor max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("clamp: at least one of min and max must be non-null");
        }
        if (min != null) Ops.sameDevice("clamp", x, min);
        if (max != null) Ops.sameDevice("clamp", x, max);
        DType common = x.dtype();
        if (min != null) common = DType.promote(common, min.dtype());
        if (max != null) common = DType.promote(common, max.dtype());
        Tensor cx = x.to(common);
        Tensor lo = min == null ? null : min.to(common);
        Tensor hi = max == null ? null : max.to(common);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            out = cx;
            if (lo != null) out = Elementwise.where(out.lt(lo).logicalOr(lo.ne(lo)), lo, out);
            if (hi != null) out = Elementwise.where(out.gt(hi).logicalOr(hi.ne(hi)), hi, out);
        }
        List<Tensor> inputs = new ArrayList<>(List.of(cx));
        if (lo != null) inputs.add(lo);
        if (hi != null) inputs.add(hi);
        Tensor[] in = inputs.toArray(Tensor[]::new);
        return Ops.record("clamp", out, in, in, (g, needs) -> {
            Tensor zero = Tensor.zerosLike(g);
            Tensor inside = lo == null ? cx.le(hi) : hi == null ? cx.ge(lo) : cx.ge(lo).logicalAnd(cx.le(hi));
            Tensor gx = needs[0] ? Reductions.sumTo(Elementwise.where(inside, g, zero), cx.shape()) : null;
            Tensor gLo = null;
            Tensor gHi = null;
            if (lo != null && needs[1]) {
                Tensor below = hi == null ? cx.lt(lo) : cx.lt(lo).logicalAnd(lo.lt(hi));
                gLo = Reductions.sumTo(Elementwise.where(below, g, zero), lo.shape());
            }
            int hiAt = lo == null ? 1 : 2;
            if (hi != null && needs[hiAt]) {
                Tensor above = lo == null ? cx.gt(hi) : cx.gt(hi).logicalOr(hi.lt(lo));
                gHi = Reductions.sumTo(Elementwise.where(above, g, zero), hi.shape());
            }
            return lo == null ? new Tensor[] {gx, gHi} : hi == null ? new Tensor[] {gx, gLo} : new Tensor[] {gx, gLo, gHi};
        });
    }

    /**
     * {@code start + weight * (end - start)} with PyTorch's switch for accuracy: where {@code |weight| >= 0.5} it is
     * computed from the other end, {@code end - (end - start) * (1 - weight)}, so that weight 1 gives {@code end}
     * exactly. Float tensors of one dtype only, as in PyTorch.
     */
    static Tensor lerp(Tensor start, Tensor end, double weight) {
        checkLerp("end", start, end);
        Tensor diff = end.sub(start);
        return Math.abs(weight) < 0.5 ? start.add(diff.mul(weight)) : end.sub(diff.mul(1 - weight));
    }

    static Tensor lerp(Tensor start, Tensor end, Tensor weight) {
        checkLerp("end", start, end);
        checkLerp("weight", start, weight);
        Tensor diff = end.sub(start);
        Tensor small = weight.abs().lt(0.5);
        return Elementwise.where(small, start.add(weight.mul(diff)), end.sub(diff.mul(weight.rsub(1.0))));
    }

    private static void checkLerp(String what, Tensor start, Tensor other) {
        Ops.requireFloating("lerp", start);
        Ops.sameDevice("lerp", start, other);
        if (other.dtype() != start.dtype()) {
            throw new IllegalArgumentException("lerp: expected " + what + " of dtype " + start.dtype() + " (the start's), got "
                    + other.dtype() + " of shape " + Shape.str(other.shape()) + ", as PyTorch requires");
        }
    }

    /**
     * {@code x * log(y)}, 0 where {@code x == 0} (even where {@code log(y)} is infinite) and NaN where {@code y} is
     * NaN; the result is floating. Gradients as PyTorch: {@code xlogy(g, y)} to {@code x} (0 where {@code x == 0} and
     * {@code y <= 0}), {@code g * x / y} to {@code y}.
     */
    static Tensor xlogy(Tensor x, Tensor y) {
        Ops.sameDevice("xlogy", x, y);
        DType common = DType.toFloating(DType.promote(x.dtype(), y.dtype()));
        Tensor cx = x.to(common);
        Tensor cy = y.to(common);
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor zero = Ops.scalarFor(cx, 0.0, false);
            Tensor r = Elementwise.where(cx.eq(0.0), zero, cx.mul(cy.log()));
            out = Elementwise.where(cy.ne(cy), cy, r);
        }
        Tensor[] in = {cx, cy};
        return Ops.record("xlogy", out, in, in, (g, needs) -> new Tensor[] {
            needs[0] ? Reductions.sumTo(xlogy(g, cy).maskedFill(cx.eq(0.0).logicalAnd(cy.le(0.0)), 0.0), cx.shape()) : null,
            needs[1] ? Reductions.sumTo(g.mul(cx).div(cy), cy.shape()) : null
        });
    }

    /**
     * The positions of the non-zero elements, one 1-D int64 tensor per dim (PyTorch's {@code where(condition)},
     * {@code nonzero(as_tuple=True)}); a 0-dim tensor counts as 1-D.
     */
    static List<Tensor> whereNonzero(Tensor condition) {
        Tensor c = condition.rank() == 0 ? condition.reshape(1) : condition;
        Tensor positions = c.nonzero();
        List<Tensor> perDim = new ArrayList<>(c.rank());
        for (int d = 0; d < c.rank(); d++) perDim.add(positions.select(1, d).contiguous());
        return List.copyOf(perDim);
    }
}
