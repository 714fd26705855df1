package dev.ember;

/**
 * Element types of tensors, and the type promotion rules every op follows.
 *
 * <p>Promotion between two tensors: the higher category wins (bool &lt; integer &lt; floating), and within a
 * category the wider type ({@code int32 + int64 -> int64}, {@code float32 + float64 -> float64},
 * {@code int64 + float32 -> float32}, as in PyTorch). A Java scalar never widens a tensor within its category:
 * {@code int32 tensor + 2 -> int32}, {@code float32 tensor + 2.5 -> float32}, but {@code int32 tensor + 2.5 ->
 * float32} (the default float type) and {@code bool tensor + 2 -> int64}. A 0-dim tensor next to a tensor with dims
 * counts like a scalar, as in PyTorch's {@code result_type}: it decides the result only when its category is higher
 * ({@code int32 + 0-dim int64 -> int32}, {@code float32 + 0-dim float64 -> float32}, {@code int32 + 0-dim float64 ->
 * float64}). Arithmetic on two bools stays bool ({@code add} and {@code maximum} are a logical or, {@code mul} and
 * {@code minimum} a logical and); subtraction with a bool operand is refused. Ops defined only on real numbers
 * (division, exp, log, sqrt, sigmoid, ...) promote integer and bool inputs to float32. Comparisons return bool;
 * logical ops read any non-zero value as true.
 *
 * <p>The half types, {@code float16} and {@code bfloat16}, are floating types narrower than float32:
 * {@code float16 + float32 -> float32}, {@code int64 + bfloat16 -> bfloat16}, {@code float16 tensor + 2.5 ->
 * float16}, {@code float16 + 0-dim float64 -> float16}, and {@code float16 + bfloat16 -> float32} (neither holds the
 * other's values), as in PyTorch. Their elements are computed in float32 and rounded to nearest even once, as PyTorch's
 * CPU kernels do: reductions, softmax and norms accumulate in float32, matmul and convolution multiply and add in
 * float32; see {@link dev.ember.backend.HalfConversions} for the conversions.
 *
 * <pre>{@code
 * DType.promote(DType.INT32, DType.FLOAT64);      // FLOAT64
 * DType.promote(DType.FLOAT16, DType.BFLOAT16);   // FLOAT32
 * }</pre>
 */
public enum DType {
    BOOL(1, Category.BOOL),
    INT32(4, Category.INTEGER),
    INT64(8, Category.INTEGER),
    /** IEEE binary16 (PyTorch's {@code torch.float16}, {@code torch.half}): 5 exponent bits, 10 mantissa bits. */
    FLOAT16(2, Category.FLOATING),
    /** The top half of a float32 (PyTorch's {@code torch.bfloat16}): float32's range, 7 mantissa bits. */
    BFLOAT16(2, Category.FLOATING),
    FLOAT32(4, Category.FLOATING),
    FLOAT64(8, Category.FLOATING);

    enum Category { BOOL, INTEGER, FLOATING }

    private final int byteSize;
    private final Category category;

    DType(int byteSize, Category category) {
        this.byteSize = byteSize;
        this.category = category;
    }

    /** The type floating results get when no input decides it. */
    public static final DType DEFAULT_FLOAT = FLOAT32;

    public int byteSize() { return byteSize; }

    public boolean isFloating() { return category == Category.FLOATING; }

    public boolean isInteger() { return category == Category.INTEGER; }

    public boolean isBool() { return category == Category.BOOL; }

    /** True for the 16-bit float types, {@code float16} and {@code bfloat16}, which compute in float32. */
    public boolean isHalf() { return this == FLOAT16 || this == BFLOAT16; }

    /**
     * The largest finite value of a floating type, PyTorch's {@code torch.finfo(dtype).max}: 65504 for float16,
     * about 3.39e38 for bfloat16.
     */
    public double maxFinite() {
        return switch (this) {
            case FLOAT16 -> 65504;
            case BFLOAT16 -> Float.intBitsToFloat(0x7F7F0000);
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
            default -> throw new IllegalArgumentException("maxFinite: " + this + " is not a floating type");
        };
    }

    /** The type of the result of a binary op between tensors of types {@code a} and {@code b}. */
    public static DType promote(DType a, DType b) {
        if (a.category != b.category) return a.category.compareTo(b.category) > 0 ? a : b;
        if (a.isHalf() && b.isHalf() && a != b) return FLOAT32;   // neither holds the other: float16 + bfloat16
        return a.byteSize >= b.byteSize ? a : b;
    }

    /**
     * The type of the result of a binary op between a tensor with dims of type {@code t} and a 0-dim tensor of type
     * {@code zeroDim}: the 0-dim tensor's type only when its category is higher, as in PyTorch's {@code result_type}.
     *
     * <pre>{@code
     * DType.promoteWithZeroDim(DType.FLOAT32, DType.FLOAT64);   // FLOAT32
     * DType.promoteWithZeroDim(DType.INT32, DType.FLOAT64);     // FLOAT64
     * }</pre>
     */
    public static DType promoteWithZeroDim(DType t, DType zeroDim) {
        return zeroDim.category.compareTo(t.category) > 0 ? zeroDim : t;
    }

    /** The type of the result of a binary op between a tensor of type {@code t} and a Java scalar. */
    public static DType promoteWithScalar(DType t, boolean scalarIsIntegral) {
        if (scalarIsIntegral) return t.isBool() ? INT64 : t;
        return t.isFloating() ? t : DEFAULT_FLOAT;
    }

    /**
     * Whether an in-place op may write a result of type {@code from} into a tensor of type {@code to}, PyTorch's
     * {@code can_cast}: not from a float type to an integer or bool one, nor from an integer type to bool (that would
     * drop the fraction or the value without a word); within a category any width goes.
     *
     * <pre>{@code
     * DType.canCast(DType.FLOAT32, DType.INT32);   // false: int32.addInPlace(float32) is refused
     * DType.canCast(DType.INT64, DType.INT32);     // true
     * }</pre>
     */
    public static boolean canCast(DType from, DType to) { return from.category.compareTo(to.category) <= 0; }

    /** The type an op defined on real numbers computes in for an input of type {@code t}. */
    public static DType toFloating(DType t) {
        return t.isFloating() ? t : DEFAULT_FLOAT;
    }

    /** Lower-case name as printed in messages: {@code float32}. */
    @Override
    public String toString() { return name().toLowerCase(java.util.Locale.ROOT); }
}
