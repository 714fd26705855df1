package dev.ember;

import dev.ember.backend.UnaryOp;

/**
 * The activation functions beyond the elementwise primitives. Each is a composite of existing ops, so its gradient
 * comes from theirs and it runs on every backend without a kernel of its own; erf and erfc are the primitives
 * ({@link UnaryOp#ERF}, {@link UnaryOp#ERFC}) that gelu needs.
 *
 * <p>Values, dtypes and derivatives follow PyTorch 1.13 ({@code derivatives.yaml} and its CPU kernels) at the
 * kinks, at ±inf and at NaN. Where a plain composite's gradient would differ there, a {@code where} keeps the
 * composite's value and routes the gradient: {@link #gradientWhere}. A branch that a {@code where} discards gets a
 * zero gradient, and a zero times an infinity in that branch's backward would still give NaN, so a branch that
 * multiplies by its input reads a sanitised input ({@code hardswish}, {@code celu} with a negative alpha).
 *
 * <p>Where PyTorch 1.13's vectorised CPU kernels disagree with its scalar CPU and CUDA kernels (the NaN gradients
 * of hardtanh, relu6, selu and celu, hardswish's derivative at 3), these follow the scalar ones, which are the
 * formulas of {@code derivatives.yaml}.
 */
final class Activations {
    private Activations() {}

    /** PyTorch's {@code SELU_ALPHA} and {@code SELU_SCALE} (Klambauer et al., 2017). */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static final double SQRT1_2 = 0.70710678118654752440;                // M_SQRT1_2
    private static final double GELU_BETA = 1.4142135623730951 * 1.1283791670955126 * 0.5;   // sqrt(2/pi) as PyTorch's kBeta
    private static final double GELU_KAPPA = 0.044715;

    static Tensor erf(Tensor x) { return Elementwise.unary(UnaryOp.ERF, x); }

    static Tensor erfc(Tensor x) { return Elementwise.unary(UnaryOp.ERFC, x); }

    static Tensor gelu(Tensor x, String approximate) {
        Ops.requireFloating("gelu", x);
        return switch (approximate) {
            case "none" -> x.mul(0.5).mul(erf(x.mul(SQRT1_2)).add(1.0));             // x * Phi(x)
            case "tanh" -> {
                Tensor inner = x.mul(x).mul(x).mul(GELU_KAPPA).add(x).mul(GELU_BETA);
                yield x.mul(0.5).mul(inner.tanh().add(1.0));
            }
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        };
    }

    static Tensor silu(Tensor x) {
        Ops.requireFloating("silu", x);
        return x.mul(x.sigmoid());
    }

    static Tensor mish(Tensor x) {
        Ops.requireFloating("mish", x);
        return x.mul(x.softplus().tanh());
    }

    /**
     * {@code clamp(x, min, max)} with PyTorch's derivative: 0 where {@code x <= min} or {@code x >= max} (the
     * bounds included, where clamp passes the gradient), 1 elsewhere, NaN included. Integer tensors stay integer.
     */
    static Tensor hardtanh(String op, Tensor x, double min, double max) {
        if (x.dtype().isBool()) throw new IllegalArgumentException(op + ": bool tensors are not supported (shape "
                + Shape.str(x.shape()) + "); convert with to(DType.INT64) or to a float dtype");
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(op + ": min " + min + " must be <= max " + max);
        }
        if (x.dtype().isInteger() && (!isWhole(min) || !isWhole(max))) {
            throw new IllegalArgumentException(op + ": bounds " + min + " and " + max + " must be whole numbers for an "
                    + x.dtype() + " tensor (PyTorch truncates them)");
        }
        Tensor y = x.clamp(min, max);
        return gradientWhere(x.le(min).logicalOr(x.ge(max)).logicalNot(), y);
    }

    private static boolean isWhole(double v) { return Double.isInfinite(v) || v == Math.rint(v); }

    /** {@code clamp(x / 6 + 1/2, 0, 1)}, computed as PyTorch's {@code min(max(x + 3, 0), 6) / 6}; derivative 1/6 on (-3, 3). */
    static Tensor hardsigmoid(Tensor x) {
        Ops.requireFloating("hardsigmoid", x);
        Tensor y = x.add(3.0).clamp(0, 6).div(6.0);
        return gradientWhere(x.gt(-3.0).logicalAnd(x.lt(3.0)), y);
    }

    /**
     * {@code x * min(max(x + 3, 0), 6) / 6} (so -inf gives NaN, as in PyTorch); derivative 0 below -3,
     * {@code x/3 + 1/2} on [-3, 3], 1 above 3 and at NaN: PyTorch's scalar {@code hardswish_backward}.
     */
    static Tensor hardswish(Tensor x) {
        Ops.requireFloating("hardswish", x);
        Tensor middle = x.ge(-3.0).logicalAnd(x.le(3.0));
        Tensor xm = Tensor.where(middle, x, Ops.scalarFor(x, 0.0, false));   // no infinities in this branch's backward
        Tensor ramp = xm.mul(xm.add(3.0)).div(6.0);
        Tensor outside = Tensor.where(x.lt(-3.0), x.detach().mul(0.0), x.mul(6.0).div(6.0));
        return Tensor.where(middle, ramp, outside);
    }

    static Tensor softsign(Tensor x) {
        if (x.dtype().isBool()) throw new IllegalArgumentException("softsign: bool tensors are not supported (shape "
                + Shape.str(x.shape()) + ")");
        return x.div(x.abs().add(1L));
    }

    /** {@code scale * elu(x, alpha)}: the derivative at 0 is {@code scale * alpha}, as PyTorch's (x <= 0 side). */
    static Tensor selu(Tensor x) {
        Ops.requireFloating("selu", x);
        return x.elu(SELU_ALPHA).mul(SELU_SCALE);
    }

    /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}. */
    static Tensor celu(Tensor x, double alpha) {
        Ops.requireFloating("celu", x);
        if (alpha == 0 || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("celu: alpha must be finite and non-zero, got " + alpha);
        }
        Tensor below = x.le(0.0);
        Tensor negative;
        if (alpha > 0) {
            negative = x.mul(1.0 / alpha).elu(alpha);   // alpha * expm1(x * (1/alpha)) where x <= 0
        } else {
            // elu would take its x > 0 side here: PyTorch's exp - 1, on a sanitised x (no inf or NaN in the backward)
            Tensor xs = Tensor.where(below, x, Ops.scalarFor(x, 0.0, false));
            negative = xs.mul(1.0 / alpha).exp().sub(1.0).mul(alpha);
        }
        return Tensor.where(below, negative, x);
    }

    /** The first half of {@code dim} times the sigmoid of the second half. */
    static Tensor glu(Tensor x, int dim) {
        Ops.requireFloating("glu", x);
        if (x.rank() == 0) throw new IllegalArgumentException("glu: a 0-dim tensor has no dim to halve");
        int d = Shape.dim("glu", dim, x.rank());
        int n = x.shape()[d];
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: the halved dim must have even size, but dim " + dim + " of "
                    + Shape.str(x.shape()) + " has size " + n);
        }
        return x.narrow(d, 0, n / 2).mul(x.narrow(d, n / 2, n / 2).sigmoid());
    }

    /** {@code softmax(-x, dim)}; a 0-dim tensor takes dim 0 or -1, as in PyTorch. */
    static Tensor softmin(Tensor x, int dim) {
        Ops.requireFloating("softmin", x);
        if (x.rank() == 0) {
            Shape.dim("softmin", dim, 1);
            return x.neg().reshape(1).softmax(0).reshape();
        }
        Shape.dim("softmin", dim, x.rank());
        return x.neg().softmax(dim);
    }

    /**
     * {@code 0 - softplus(-x) = min(x, 0) - log1p(exp(-|x|))}: no overflow at either end, and +0 (as PyTorch's)
     * where softplus underflows to 0.
     */
    static Tensor logsigmoid(Tensor x) {
        Ops.requireFloating("logsigmoid", x);
        return x.neg().softplus().rsub(0.0);
    }

    /** {@code y}'s values, with the gradient passed only where {@code mask} holds (zero elsewhere). */
    private static Tensor gradientWhere(Tensor mask, Tensor y) { return Tensor.where(mask, y, y.detach()); }
}
