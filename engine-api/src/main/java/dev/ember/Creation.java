package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Layout;

/** Tensors made from sizes, ranges and Java arrays, and tensors read back into Java arrays. */
final class Creation {
    private Creation() {}

    static Tensor full(Device device, DType dtype, int[] shape, double value) {
        return full(Backends.of(device), dtype, shape, value);
    }

    /** Zeros come from the backend's zero-filled allocation; any other value (-0.0 included) from a fill. */
    static Tensor full(Backend backend, DType dtype, int[] shape, double value) {
        if (Double.doubleToRawLongBits(value) == 0L) return Ops.zeros(backend, dtype, shape);
        Tensor t = Ops.empty(backend, dtype, shape);
        backend.fill(t.storage(), t.layout(), value);
        return t;
    }

    static Tensor arange(long start, long end, long step) {
        int n = rangeLength(start, end, step);
        long[] v = new long[n];
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
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        double n = Math.ceil((end - start) / step);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + n + " elements is too many");
        return (int) Math.max(0, n);
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] v = new float[steps];
        for (int i = 0; i < steps; i++) v[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return of(v, steps, new int[] {steps});
    }

    static Tensor eye(int rows, int cols, DType dtype) {
        Tensor t = full(Device.defaultDevice(), dtype, new int[] {rows, cols}, 0);
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
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, flat.length, new int[] {rows.length, cols});
    }

    static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, flat.length, new int[] {rows.length, cols});
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
