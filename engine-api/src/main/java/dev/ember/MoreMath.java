package dev.ember;

import dev.ember.backend.BinaryOp;

/**
 * The ops of "more math" that are not one kernel call: {@code hypot}'s dtype check and {@code logit}, a composite with
 * PyTorch's own gradient rule. The kernels themselves ({@code exp2 ... atan}, {@code atan2}, {@code hypot}) are
 * {@link Elementwise}'s.
 */
final class MoreMath {
    private MoreMath() {}

    /** PyTorch refuses {@code hypot} of two integer (or bool) tensors ("not implemented for 'Long'"); so does Ember. */
    static Tensor hypot(Tensor a, Tensor b) {
        if (!a.dtype().isFloating() && !b.dtype().isFloating()) {
            throw new IllegalArgumentException("hypot: expected at least one float32 or float64 tensor, got " + a.dtype()
                    + " of shape " + Shape.str(a.shape()) + " and " + b.dtype() + " of shape " + Shape.str(b.shape())
                    + " (as in PyTorch); convert one with to(DType.FLOAT32) first");
        }
        return Elementwise.binary(BinaryOp.HYPOT, a, b);
    }

    /**
     * {@code log(z / (1 - z))}, with {@code z = x} when {@code eps} is negative (no clamp) and else {@code x} clamped to
     * {@code [eps, 1 - eps]} the way PyTorch's scalar kernel does it ({@code x < lo ? lo : x > hi ? hi : x}, so NaN stays
     * NaN, and an eps above 0.5 gives the scalar kernel's result, not the vector kernel's). The bounds are computed in the
     * tensor's dtype, as PyTorch's {@code scalar_t}. The gradient is PyTorch's
     * {@code infinitely_differentiable_logit_backward}: {@code g / (x (1 - x))} where {@code lo <= x <= hi} and 0 elsewhere
     * with eps; without eps the same inside {@code [0, 1]} and NaN outside. It is written with ops, so it has gradients
     * of its own.
     */
    static Tensor logit(Tensor x, double eps) {
        Tensor in = x.to(DType.toFloating(x.dtype()));
        boolean clamped = eps >= 0;
        Tensor lo = Ops.scalarFor(in, eps, false);
        Tensor hi = lo.rsub(1.0);   // 1 - eps in the dtype, as PyTorch's scalar_t(1) - eps
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor z = clamped ? Elementwise.where(in.lt(lo), lo, Elementwise.where(in.gt(hi), hi, in)) : in;
            out = z.div(z.rsub(1.0)).log();
        }
        return Ops.record("logit", out, new Tensor[] {in}, new Tensor[] {in}, (g, needs) -> {
            Tensor inside = clamped ? in.ge(lo).logicalAnd(in.le(hi)) : in.ge(0.0).logicalAnd(in.le(1.0));
            Tensor outside = Ops.scalarFor(g, clamped ? 0.0 : Double.NaN, false);
            return new Tensor[] {Elementwise.where(inside, g.div(in.mul(in.rsub(1.0))), outside)};
        });
    }
}
