package dev.ember;

import java.util.Locale;

/** {@link Tensor#toString()}: nested brackets like PyTorch, eliding the middle of long dims. */
final class Formatter {
    private Formatter() {}

    /** Tensors with more elements than this show only the first and last {@link #EDGE} items of each dim. */
    static final int SUMMARIZE_ABOVE = 1000;
    static final int EDGE = 3;

    static String format(Tensor t) {
        int[] shape = t.shape();
        double[] values = t.dtype().isFloating() || t.numel() == 0 ? t.toDoubleArray() : null;
        long[] ints = values == null ? t.toLongArray() : null;
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        StringBuilder sb = new StringBuilder("tensor(");
        appendDim(sb, t.dtype(), values, ints, shape, 0, 0, summarize, 7);
        sb.append(", shape=").append(Shape.str(shape)).append(", dtype=").append(t.dtype())
                .append(", device=").append(t.device());
        if (t.gradFnName() != null) sb.append(", gradFn=").append(t.gradFnName());
        else if (t.requiresGrad()) sb.append(", requiresGrad=true");
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, DType dtype, double[] values, long[] ints, int[] shape, int dim,
                                  int base, boolean summarize, int indent) {
        if (dim == shape.length) {
            appendValue(sb, dtype, values, ints, base);
            return;
        }
        int n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= shape[d];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
                continue;
            }
            appendDim(sb, dtype, values, ints, shape, dim + 1, base + i * stride, summarize, indent + 1);
            if (i < n - 1) sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
        }
        sb.append(']');
    }

    private static void appendValue(StringBuilder sb, DType dtype, double[] values, long[] ints, int i) {
        if (dtype.isBool()) sb.append(ints[i] != 0);
        else if (ints != null) sb.append(ints[i]);
        else {
            double v = values[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) sb.append(v);
            else if (v != 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) sb.append(String.format(Locale.ROOT, "%.4e", v));
            else sb.append(String.format(Locale.ROOT, "%.4f", v));
        }
    }
}
