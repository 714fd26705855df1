package dev.ember.nn.io;

import dev.ember.DType;
import dev.ember.Tensor;

import java.nio.ByteBuffer;

/**
 * The element types of the safetensors format, with the Ember dtype each is read into: the narrow integers
 * ({@code I16}, {@code I8}, {@code U8}) widen to int32, exactly; the others map one to one, half precision
 * ({@code F16}, {@code BF16}) included, bit for bit. Every value is stored little-endian.
 */
public enum SafetensorsDType {
    F64(8, DType.FLOAT64),
    F32(4, DType.FLOAT32),
    F16(2, DType.FLOAT16),
    BF16(2, DType.BFLOAT16),
    I64(8, DType.INT64),
    I32(4, DType.INT32),
    I16(2, DType.INT32),
    I8(1, DType.INT32),
    U8(1, DType.INT32),
    BOOL(1, DType.BOOL);

    private final int byteSize;
    private final DType readAs;

    SafetensorsDType(int byteSize, DType readAs) {
        this.byteSize = byteSize;
        this.readAs = readAs;
    }

    public int byteSize() { return byteSize; }

    /** The Ember dtype a tensor stored in this type is read into. */
    public DType readAs() { return readAs; }

    /** The type an Ember tensor of {@code dtype} is stored in by default (no conversion). */
    public static SafetensorsDType of(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> F64;
            case FLOAT32 -> F32;
            case FLOAT16 -> F16;
            case BFLOAT16 -> BF16;
            case INT64 -> I64;
            case INT32 -> I32;
            case BOOL -> BOOL;
        };
    }

    /** The type named {@code name} in a header ({@code "F32"}), or null when there is none. */
    static SafetensorsDType byName(String name) {
        for (SafetensorsDType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** Whether a tensor of {@code dtype} can be stored in this type (narrowing is allowed within a kind). */
    boolean canStore(DType dtype) {
        return readAs.isFloating() ? dtype.isFloating() : readAs.isBool() ? dtype.isBool() : dtype.isInteger() || dtype.isBool();
    }

    /**
     * Appends {@code t}'s elements (row-major) to {@code out} in this type. Narrow integer types check the range
     * and throw naming {@code key}; half precision keeps a half tensor's bits and rounds anything else to nearest even
     * (as {@code to(DType.FLOAT16)} does).
     */
    void encode(String key, Tensor t, ByteBuffer out) {
        switch (this) {
            case F64 -> { for (double v : t.toDoubleArray()) out.putDouble(v); }
            case F32 -> { for (float v : t.toFloatArray()) out.putFloat(v); }
            case F16, BF16 -> { for (short v : t.to(readAs).toBits()) out.putShort(v); }
            case I64 -> { for (long v : t.toLongArray()) out.putLong(v); }
            case I32 -> { for (long v : t.toLongArray()) out.putInt((int) inRange(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE)); }
            case I16 -> { for (long v : t.toLongArray()) out.putShort((short) inRange(key, v, Short.MIN_VALUE, Short.MAX_VALUE)); }
            case I8 -> { for (long v : t.toLongArray()) out.put((byte) inRange(key, v, Byte.MIN_VALUE, Byte.MAX_VALUE)); }
            case U8 -> { for (long v : t.toLongArray()) out.put((byte) inRange(key, v, 0, 255)); }
            case BOOL -> { for (boolean v : t.toBooleanArray()) out.put((byte) (v ? 1 : 0)); }
        }
    }

    private long inRange(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("tensor '" + key + "': value " + v + " does not fit in " + this + " [" + min + ", " + max + "]");
        }
        return v;
    }

    /**
     * Reads {@code count} elements of this type from {@code in} into a tensor of {@link #readAs()} and
     * {@code shape}. Returns null when a bool byte is neither 0 nor 1 (the caller names the file and key).
     */
    Tensor decode(ByteBuffer in, int count, int[] shape) {
        Tensor flat = switch (this) {
            case F64 -> { double[] a = new double[count]; for (int i = 0; i < count; i++) a[i] = in.getDouble(); yield Tensor.of(a); }
            case F32 -> { float[] a = new float[count]; for (int i = 0; i < count; i++) a[i] = in.getFloat(); yield Tensor.of(a); }
            case F16, BF16 -> { short[] a = new short[count]; for (int i = 0; i < count; i++) a[i] = in.getShort(); yield Tensor.ofBits(readAs, a); }
            case I64 -> { long[] a = new long[count]; for (int i = 0; i < count; i++) a[i] = in.getLong(); yield Tensor.of(a); }
            case I32 -> { int[] a = new int[count]; for (int i = 0; i < count; i++) a[i] = in.getInt(); yield Tensor.of(a); }
            case I16 -> { int[] a = new int[count]; for (int i = 0; i < count; i++) a[i] = in.getShort(); yield Tensor.of(a); }
            case I8 -> { int[] a = new int[count]; for (int i = 0; i < count; i++) a[i] = in.get(); yield Tensor.of(a); }
            case U8 -> { int[] a = new int[count]; for (int i = 0; i < count; i++) a[i] = in.get() & 0xff; yield Tensor.of(a); }
            case BOOL -> {
                boolean[] a = new boolean[count];
                for (int i = 0; i < count; i++) {
                    byte b = in.get();
                    if (b != 0 && b != 1) yield null;
                    a[i] = b == 1;
                }
                yield Tensor.of(a);
            }
        };
        return flat == null ? null : flat.reshape(shape);
    }
}
