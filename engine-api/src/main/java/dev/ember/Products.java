package dev.ember;

/**
 * Matrix products with PyTorch's BLAS-style signatures ({@code addmm}, {@code baddbmm}, {@code bmm}) and the cross
 * product, all composites of matmul and elementwise ops (so their gradients come from those).
 */
final class Products {
    private Products() {}

    static Tensor bmm(Tensor a, Tensor b) {
        a = Autocast.cast("bmm", a);
        b = Autocast.cast("bmm", b);
        if (a.rank() != 3 || b.rank() != 3) {
            throw new IllegalArgumentException("bmm: expected two 3-D tensors [batch, n, m] and [batch, m, p], got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + "; matmul broadcasts batches");
        }
        if (a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("bmm: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " do not match: expected batch2 of shape [" + a.size(0) + ", " + a.size(2) + ", p]");
        }
        return LinearAlgebra.matmul(a, b);
    }

    static Tensor mm(String op, Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException(op + ": expected two matrices, got shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        return LinearAlgebra.matmul(a, b);
    }

    /**
     * {@code beta * input + alpha * product}, {@code input} broadcast to the product's shape; with {@code beta == 0}
     * the input is not read (a NaN there does not spread), as in PyTorch.
     */
    static Tensor addProduct(String op, Tensor input, Tensor product, double beta, double alpha) {
        Ops.sameDevice(op, input, product);
        int[] shape = Shape.broadcast(op, input.shape(), product.shape());
        if (!java.util.Arrays.equals(shape, product.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.str(input.shape())
                    + " does not broadcast to the product's shape " + Shape.str(product.shape()));
        }
        if (!input.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a float input, got " + input.dtype() + "; cast with to(DType.FLOAT32)");
        }
        Tensor scaled = alpha == 1 ? product : product.mul(alpha);
        if (beta == 0) return scaled.to(DType.promote(input.dtype(), scaled.dtype()));
        return (beta == 1 ? input : input.mul(beta)).add(scaled);
    }

    static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) {
        return addProduct("addmm", input, mm("addmm", m1, m2), beta, alpha);
    }

    static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        return addProduct("baddbmm", input, bmm(b1, b2), beta, alpha);
    }

    /** PyTorch 1.13's {@code torch.cross} without a dim: the first dim of size 3 of {@code a}. */
    static int defaultCrossDim(Tensor a) {
        for (int i = 0; i < a.rank(); i++) if (a.size(i) == 3) return i;
        throw new IllegalArgumentException("cross: no dim of size 3 in shape " + Shape.str(a.shape()));
    }

    /** {@code a × b} along {@code dim} (both of size 3 there), the other dims broadcast (PyTorch's {@code linalg.cross}). */
    static Tensor cross(Tensor a, Tensor b, int dim) {
        Ops.sameDevice("cross", a, b);
        if (a.rank() != b.rank()) {
            throw new IllegalArgumentException("cross: inputs must have the same number of dims, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        int d = Shape.dim("cross", dim, a.rank());
        if (a.size(d) != 3 || b.size(d) != 3) {
            throw new IllegalArgumentException("cross: dim " + dim + " must have size 3 in both inputs, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        Shape.broadcast("cross", a.shape(), b.shape());
        Tensor a0 = a.narrow(d, 0, 1), a1 = a.narrow(d, 1, 1), a2 = a.narrow(d, 2, 1);
        Tensor b0 = b.narrow(d, 0, 1), b1 = b.narrow(d, 1, 1), b2 = b.narrow(d, 2, 1);
        return Tensor.cat(d, a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)), a0.mul(b1).sub(a1.mul(b0)));
    }
}
