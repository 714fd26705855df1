package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.HalfConversions;
import dev.ember.backend.Layout;

/** Tensors made from sizes, ranges and Java arrays, and tensors read back into Java arrays. */
final class Creation {
    private Creation() {}

    static Tensor full(Device device, DType dtype, int[] shape, double value) {
        return full(Backends.of(device), dtype, shape, value);
    }

    /** A tensor filled with {@code value}, which must be a value of {@code dtype} ({@link #element}). */
    static Tensor full(Backend backend, DType dtype, int[] shape, double value) {
        return filled(backend, dtype, shape, element("full", dtype, shape, value));
    }

    /**
     * Like {@link #full} without the check: for a value that is already an element of {@code dtype}, or an op's
     * float scalar, which rounds to the op's float type as in PyTorch (a float32 tensor plus 1e39 is infinity).
     * Zeros come from the backend's zero-filled allocation; any other value (-0.0 included) from a fill.
     */
    static Tensor filled(Backend backend, DType dtype, int[] shape, double value) {
        if (Double.doubleToRawLongBits(value) == 0L) return Ops.zeros(backend, dtype, shape);
        Tensor t = Ops.empty(backend, dtype, shape);
        backend.fill(t.storage(), t.layout(), value);
        return t;
    }

    /**
     * A tensor of {@code shape} filled with a Java {@code long}, exactly: a double would round int64 values past 2^53
     * ({@code full(INT64, 2^53 + 1)} held 2^53). Refused, as {@link #element}, where {@code dtype} cannot hold it.
     */
    static Tensor fullExactly(Device device, DType dtype, int[] shape, long value) {
        Backend backend = Backends.of(device);
        Tensor one = element("full", backend, dtype, shape, value);
        Tensor t = Ops.empty(backend, dtype, shape);
        backend.copy(one.storage(), one.layout().broadcastTo(t.shape()), t.storage(), t.layout());
        return t;
    }

    /**
     * {@code value} as a 0-dim tensor of {@code dtype}, exactly where the type holds it, or refused naming the op, the
     * value, the dtype and {@code shape} (the tensor it is for) when an integer type cannot hold it; float types round
     * it, bool is {@code value != 0}.
     */
    static Tensor element(String op, Backend backend, DType dtype, int[] shape, long value) {
        return switch (dtype) {
            case INT64 -> integerScalar(backend, dtype, value);
            case INT32 -> {
                if (value != (int) value) {
                    throw new IllegalArgumentException(op + ": " + value + " cannot be converted to " + dtype + " without "
                            + "overflow (" + dtype + " holds " + range(dtype) + "); the tensor is " + dtype + " of shape "
                            + Shape.str(shape));
                }
                yield integerScalar(backend, dtype, value);
            }
            case BOOL -> filled(backend, dtype, new int[0], value != 0 ? 1 : 0);
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> filled(backend, dtype, new int[0], value);
        };
    }

    /**
     * A 0-dim int32 or int64 tensor holding {@code value} exactly (a fill takes a double, which would round int64
     * values past 2^53). The caller has checked that the value fits.
     */
    static Tensor integerScalar(Backend backend, DType dtype, long value) {
        Object array = switch (dtype) {
            case INT64 -> new long[] {value};
            case INT32 -> new int[] {Math.toIntExact(value)};
            default -> throw new IllegalArgumentException("internal: integerScalar of " + dtype);
        };
        var storage = backend.fromArray(array);
        return new Tensor(new SharedStorage(storage, backend), Layout.contiguous(), dtype);
    }

    /**
     * {@code value} as an element of {@code dtype}, converted as PyTorch converts a scalar, or refused naming the op, the
     * value, the dtype and the shape: a float type keeps it (float32 rounds it, but refuses a finite value past its
     * range); an integer type truncates it toward zero but refuses NaN, infinities and values outside its range
     * (where a cast would saturate or wrap); bool is {@code value != 0}.
     */
    static double element(String op, DType dtype, int[] shape, double value) {
        boolean fits = switch (dtype) {
            case FLOAT64, BOOL -> true;
            case FLOAT32 -> !Double.isFinite(value) || Float.isFinite((float) value);
            case FLOAT16 -> !Double.isFinite(value) || Float.isFinite(HalfConversions.roundToFloat16((float) value));
            case BFLOAT16 -> !Double.isFinite(value) || Float.isFinite(HalfConversions.roundToBfloat16((float) value));
            case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;   // false for NaN
            case INT64 -> value >= -0x1p63 && value < 0x1p63;                          // 2^63 itself is out
        };
        if (!fits) {
            throw new IllegalArgumentException(op + ": " + value + " cannot be converted to " + dtype + " without overflow ("
                    + dtype + " holds " + range(dtype) + "); the tensor is " + dtype + " of shape " + Shape.str(shape));
        }
        return switch (dtype) {
            case INT32, INT64 -> (double) (long) value;
            case BOOL -> value != 0 ? 1 : 0;   // NaN is true, as in PyTorch
            default -> value;
        };
    }

    private static String range(DType dtype) {
        return switch (dtype) {
            case INT32 -> Integer.MIN_VALUE + ".." + Integer.MAX_VALUE;
            case INT64 -> Long.MIN_VALUE + ".." + Long.MAX_VALUE;
            case FLOAT16 -> "finite values up to " + HalfConversions.FLOAT16_MAX + " in magnitude";
            case BFLOAT16 -> "finite values up to " + HalfConversions.bfloat16ToFloat((short) 0x7F7F) + " in magnitude";
            default -> "finite values up to " + Float.MAX_VALUE + " in magnitude";
        };
    }

    static Tensor arange(long start, long end, long step) {
        int n = rangeLength(start, end, step);
        long[] v = new long[n];
        // each value lies between start and end, so the wrapping long arithmetic gives it exactly
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return of(v, n, new int[] {n});
    }

    static Tensor arange(double start, double end, double step) {
        int n = rangeLength(start, end, step);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return of(v, n, new int[] {n});
    }

    private static int rangeLength(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step)) throw new IllegalArgumentException("arange: step must be finite and non-zero, got " + step);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: start and end must be finite, got " + start + " and " + end);
        }
        double n = Math.ceil((end - start) / step);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: [" + start + ", " + end + ") in steps of " + step + " has " + n
                    + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        return (int) Math.max(0, n);
    }

    /** Exact for any longs: {@code end - start} may not fit a long, and a double would round it. */
    private static int rangeLength(long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be non-zero, got 0");
        var span = java.math.BigInteger.valueOf(end).subtract(java.math.BigInteger.valueOf(start));
        var steps = java.math.BigInteger.valueOf(step);
        var n = span.add(steps).subtract(steps.signum() > 0 ? java.math.BigInteger.ONE : java.math.BigInteger.ONE.negate())
                .divide(steps);   // truncating (span + step - sign(step)) / step: ceil(span / step), or <= 0 for an empty range
        if (n.signum() <= 0) return 0;
        if (n.bitLength() > 31) {
            throw new IllegalArgumentException("arange: [" + start + ", " + end + ") in steps of " + step + " has " + n
                    + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        return n.intValueExact();
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] v = new float[steps];
        for (int i = 0; i < steps; i++) v[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return of(v, steps, new int[] {steps});
    }

    static Tensor eye(int rows, int cols, DType dtype) {
        Tensor t = filled(Backends.of(Device.defaultDevice()), dtype, new int[] {rows, cols}, 0);
        Layout diagonal = new Layout(new int[] {Math.min(rows, cols)}, new int[] {cols + 1}, 0);
        t.backend().fill(t.storage(), diagonal, 1);
        return t;
    }

    /** A tensor copying a Java array; {@code shape} empty means 1-D. */
    static Tensor of(Object array, int length, int[] shape) {
        int[] s = shape.length == 0 ? new int[] {length} : Shape.validated(shape);
        if (Shape.numel(s) != length) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Shape.str(s)
                    + " (" + Shape.numel(s) + " elements)");
        }
        Backend backend = Backends.of(Device.defaultDevice());
        var storage = backend.fromArray(array);
        return new Tensor(new SharedStorage(storage, backend), Layout.contiguous(s), storage.dtype());
    }

    static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.toIntExact(Shape.numel(new int[] {rows.length, cols}))];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, flat.length, new int[] {rows.length, cols});
    }

    static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[Math.toIntExact(Shape.numel(new int[] {rows.length, cols}))];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, flat.length, new int[] {rows.length, cols});
    }

    /** A half tensor from its bits: the backend takes float16 as {@code short[]}, bfloat16 as {@code char[]}. */
    static Tensor ofBits(DType dtype, short[] bits, int[] shape) {
        if (!dtype.isHalf()) {
            throw new IllegalArgumentException("ofBits: bits make float16 or bfloat16 tensors, not " + dtype);
        }
        if (dtype == DType.FLOAT16) return of(bits.clone(), bits.length, shape);
        char[] chars = new char[bits.length];
        for (int i = 0; i < bits.length; i++) chars[i] = (char) bits[i];
        return of(chars, bits.length, shape);
    }

    static short[] bits(Tensor t) {
        if (!t.dtype().isHalf()) {
            throw new IllegalArgumentException("toBits: a " + t.dtype() + " tensor of shape " + Shape.str(t.shape())
                    + " has no 16-bit float bits; convert it with to(DType.FLOAT16) or to(DType.BFLOAT16) first");
        }
        Object array = t.backend().toArray(t.storage(), t.layout());
        if (array instanceof short[] s) return s;
        char[] chars = (char[]) array;
        short[] out = new short[chars.length];
        for (int i = 0; i < chars.length; i++) out[i] = (short) chars[i];
        return out;
    }

    /** The elements in row-major order as a Java array of {@code dtype}'s element type. */
    static Object hostArray(Tensor t, DType dtype) {
        Tensor src = t.dtype() == dtype ? t : castDetached(t, dtype);
        return src.backend().toArray(src.storage(), src.layout());
    }

    private static Tensor castDetached(Tensor t, DType dtype) {
        Tensor out = Ops.empty(t, dtype, t.shape());
        t.backend().copy(t.storage(), t.layout(), out.storage(), out.layout());
        return out;
    }
}
