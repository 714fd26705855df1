package dev.ember.nn.data;

import dev.ember.DType;
import dev.ember.Tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The contents of an IDX file (the format of MNIST and Fashion-MNIST): an element type, the dims, and the
 * elements as the file stores them (big-endian, row-major). {@link IdxReader} reads one, {@link IdxWriter}
 * writes one.
 *
 * <pre>{@code
 * IdxData images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"));   // dims [60000, 28, 28]
 * Tensor x = images.toFloatTensor(1.0 / 255);                                // float32 in [0, 1]
 * }</pre>
 */
public record IdxData(Type type, int[] dims, byte[] data) {
    /** The element types IDX defines, with their type codes (the third byte of the file). */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        public final int code;
        public final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** The type with this code, or null. */
        public static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }

        public boolean isInteger() { return this != FLOAT && this != DOUBLE; }
    }

    public IdxData {
        dims = dims.clone();
        for (int d : dims) if (d < 0) throw new IllegalArgumentException("IdxData: dims must be >= 0, got " + Arrays.toString(dims));
        long bytes = Arrays.stream(dims).anyMatch(d -> d == 0) ? 0 : type.bytes;
        try {
            for (int d : dims) bytes = Math.multiplyExact(bytes, d);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("IdxData: dims " + Arrays.toString(dims) + " of " + type + " describe more than 2^63 bytes");
        }
        if (bytes != data.length) {
            throw new IllegalArgumentException("IdxData: dims " + Arrays.toString(dims) + " of " + type + " need "
                    + bytes + " bytes, got " + data.length);
        }
    }

    /** The number of elements. */
    public int count() { return data.length / type.bytes; }

    /** Element {@code i} in row-major order, as a double (unsigned bytes read as 0..255). */
    public double get(int i) {
        ByteBuffer b = ByteBuffer.wrap(data);   // big-endian, as IDX stores it
        return switch (type) {
            case UBYTE -> data[i] & 0xFF;
            case BYTE -> data[i];
            case SHORT -> b.getShort(i * 2);
            case INT -> b.getInt(i * 4);
            case FLOAT -> b.getFloat(i * 4);
            case DOUBLE -> b.getDouble(i * 8);
        };
    }

    /** The elements times {@code scale}, float32, shaped as {@link #dims()}. */
    public Tensor toFloatTensor(double scale) {
        int n = count();
        float[] values = new float[n];
        if (type == Type.UBYTE) {
            float s = (float) scale;
            for (int i = 0; i < n; i++) values[i] = (data[i] & 0xFF) * s;
        } else {
            for (int i = 0; i < n; i++) values[i] = (float) (get(i) * scale);
        }
        return Tensor.of(values, dims);
    }

    /** The elements as int64 (class labels), shaped as {@link #dims()}; integer types only. */
    public Tensor toLongTensor() {
        if (!type.isInteger()) throw new IllegalArgumentException("IdxData: toLongTensor needs an integer type, this is " + type);
        int n = count();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) values[i] = (long) get(i);
        return Tensor.of(values, dims);
    }

    /** The elements in the tensor dtype that holds them exactly: int32 for integer types, float32 or float64. */
    public Tensor toTensor() {
        return switch (type) {
            case FLOAT -> toFloatTensor(1);
            case DOUBLE -> {
                double[] values = new double[count()];
                for (int i = 0; i < values.length; i++) values[i] = get(i);
                yield Tensor.of(values, dims);
            }
            default -> toLongTensor().to(DType.INT32);
        };
    }

    @Override
    public int[] dims() { return dims.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxData d && d.type == type && Arrays.equals(d.dims, dims) && Arrays.equals(d.data, data);
    }

    @Override
    public int hashCode() { return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "IdxData(" + type + ", dims " + Arrays.toString(dims) + ")"; }
}
