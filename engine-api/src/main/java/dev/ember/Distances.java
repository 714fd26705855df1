package dev.ember;

/**
 * {@code cdist}: p-norm distances between the rows of two batches of matrices, with PyTorch's gradients. Built from
 * elementwise ops and reductions over the differences {@code [..., P, R, M]}; where PyTorch's gradient is 0 (a zero
 * distance, a zero difference for {@code p < 1}) the composite masks the branch with {@code where} before a
 * derivative that would be infinite, so no NaN comes back. Only {@code p = inf} has its own rule: PyTorch gives
 * every tied maximum the full gradient, where {@code amax} would split it.
 */
final class Distances {
    private Distances() {}

    /** Above this many rows on either side, {@code p = 2} goes through a matmul, as PyTorch's default compute mode. */
    private static final int DIRECT_ROWS = 25;

    static Tensor cdist(Tensor x1, Tensor x2, double p) {
        Ops.sameDevice("cdist", x1, x2);
        if (!x1.dtype().isFloating() || !x2.dtype().isFloating()) {
            throw new IllegalArgumentException("cdist: expected float tensors, got " + x1.dtype() + " and " + x2.dtype());
        }
        if (x1.rank() < 2 || x2.rank() < 2) {
            throw new IllegalArgumentException("cdist: expected tensors of at least 2 dims [..., P, M] and [..., R, M], got shapes "
                    + Shape.str(x1.shape()) + " and " + Shape.str(x2.shape()));
        }
        if (x1.size(-1) != x2.size(-1)) {
            throw new IllegalArgumentException("cdist: shapes " + Shape.str(x1.shape()) + " and " + Shape.str(x2.shape())
                    + " must have the same number of columns");
        }
        if (!(p >= 0)) throw new IllegalArgumentException("cdist: p must be >= 0, got " + p);
        DType dtype = DType.promote(x1.dtype(), x2.dtype());
        Tensor a = x1.to(dtype);
        Tensor b = x2.to(dtype);
        Shape.broadcast("cdist", java.util.Arrays.copyOf(a.shape(), a.rank() - 2), java.util.Arrays.copyOf(b.shape(), b.rank() - 2));
        if (p == 2 && (a.size(-2) > DIRECT_ROWS || b.size(-2) > DIRECT_ROWS)) return euclideanByMatmul(a, b);
        if (p == Double.POSITIVE_INFINITY) return chebyshev(a, b);
        Tensor diff = a.unsqueeze(-2).sub(b.unsqueeze(-3));   // [..., P, R, M]
        if (p == 0) return diff.ne(0.0).to(dtype).sum(-1);   // a count: no gradient
        Tensor abs = diff.abs();
        if (p == 1) return abs.sum(-1);
        Tensor powered = p == 2 ? diff.mul(diff) : positivePow(abs, p);
        return positivePow(powered.sum(-1), 1 / p);
    }

    /**
     * {@code x^e} for {@code x >= 0}, with gradient 0 where {@code x == 0} (instead of an infinite or NaN one); a NaN
     * stays NaN.
     */
    private static Tensor positivePow(Tensor x, double e) {
        Tensor zero = x.eq(0.0);
        Tensor safe = Tensor.where(zero, Tensor.onesLike(x), x);
        Tensor raised = e == 0.5 ? safe.sqrt() : safe.pow(e);
        return Tensor.where(zero, Tensor.zerosLike(x), raised);
    }

    /** {@code sqrt(|a|^2 + |b|^2 - 2 a·b)} clamped at 0: one matmul instead of a [P, R, M] difference. */
    private static Tensor euclideanByMatmul(Tensor a, Tensor b) {
        Tensor aa = a.mul(a).sum(-1, true);                         // [..., P, 1]
        Tensor bb = b.mul(b).sum(-1, true).transpose(-1, -2);       // [..., 1, R]
        Tensor squared = aa.add(bb).sub(a.matmul(b.transpose(-1, -2)).mul(2.0)).clampMin(0);
        return positivePow(squared, 0.5);
    }

    private static Tensor chebyshev(Tensor a, Tensor b) {
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor abs = a.unsqueeze(-2).sub(b.unsqueeze(-3)).abs();
            out = abs.shape()[abs.rank() - 1] == 0 ? abs.sum(-1) : abs.amax(new int[] {-1}, false);
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        return Ops.record("cdist", out, new Tensor[] {a, b}, new Tensor[] {a, b, out}, (g, needs) -> {
            Tensor diff = a.unsqueeze(-2).sub(b.unsqueeze(-3));
            Tensor wins = diff.abs().eq(out.unsqueeze(-1)).to(g.dtype());   // every tie gets the full gradient
            Tensor gd = g.unsqueeze(-1).mul(diff.sign()).mul(wins);
            return new Tensor[] {
                needs[0] ? Reductions.sumTo(gd.sum(-2), as) : null,
                needs[1] ? Reductions.sumTo(gd.sum(-3).neg(), bs) : null
            };
        });
    }
}
