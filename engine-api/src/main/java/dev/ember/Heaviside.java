package dev.ember;

/**
 * The Heaviside step with a chosen value at zero, as PyTorch's {@code torch.heaviside(input, values)}: 0 where
 * {@code x < 0}, 1 where {@code x > 0}, {@code values} where {@code x == 0} (broadcast), and 0 at NaN. A composite
 * of {@code step} and {@code where}, so it runs on every backend; its gradient is zero with respect to {@code x}
 * (the step's) and the mask {@code x == 0} with respect to {@code values} (PyTorch defines neither).
 *
 * <p>The seeds' neurons fire when the weighted sum reaches the threshold ({@code g(z) = 1 if z >= θ}), which is
 * {@code heaviside(z - θ, 1)}; {@link Tensor#step()} is {@code heaviside(x, 0)}.
 */
final class Heaviside {
    private Heaviside() {}

    /** PyTorch 1.13's rules: the same dtype on both sides (no promotion), any real dtype, bool included. */
    static Tensor heaviside(Tensor x, Tensor values) {
        if (x.dtype() != values.dtype()) {
            throw new IllegalArgumentException("heaviside: input and values must have the same dtype (as in PyTorch), got input "
                    + x.dtype() + " " + Shape.str(x.shape()) + " and values " + values.dtype() + " " + Shape.str(values.shape()));
        }
        Ops.sameDevice("heaviside", x, values);
        Shape.broadcast("heaviside", x.shape(), values.shape());
        Tensor zero = Ops.scalarFor(x, false);
        // step gives int64 for bool input: back to the input's own type, as PyTorch keeps it
        Tensor positive = x.dtype().isBool() ? x.step().to(DType.BOOL) : x.step();
        return Tensor.where(x.eq(zero), values, positive);
    }

    /**
     * The value at zero as a Java {@code double}, held in the input's dtype: a float tensor takes it rounded as
     * its other scalars are, an integer or bool tensor only a value its type holds exactly (0 or 1 for bool).
     */
    static Tensor heaviside(Tensor x, double valueAtZero) {
        DType dtype = x.dtype();
        if (!dtype.isFloating()) {
            boolean exact = dtype.isBool() ? valueAtZero == 0 || valueAtZero == 1
                    : valueAtZero == Math.rint(valueAtZero)
                      && (dtype == DType.INT64 ? Math.abs(valueAtZero) < 0x1p63 : valueAtZero == (int) valueAtZero);
            if (!exact) {
                throw new IllegalArgumentException("heaviside: the value at zero " + valueAtZero + " does not fit the "
                        + dtype + " input of shape " + Shape.str(x.shape()) + " (the result has the input's dtype)");
            }
        }
        Tensor values = dtype.isBool() ? Ops.scalarFor(x, valueAtZero == 1)
                : dtype.isFloating() ? Creation.filled(x.backend(), dtype, new int[0], valueAtZero)
                : Creation.integerScalar(x.backend(), dtype, (long) valueAtZero);
        return heaviside(x, values);
    }
}
