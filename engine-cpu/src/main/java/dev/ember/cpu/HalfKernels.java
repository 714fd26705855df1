package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.backend.Layout;

/**
 * How the CPU backend runs float16 and bfloat16: every kernel but copy and fill widens its half operands to float32,
 * runs the float32 kernel, and rounds the result to the half type once, to nearest even. That is PyTorch's CPU
 * numerics for the half types (each element computed in float32, reductions and softmax accumulating in float32,
 * matmul and convolution multiplying and adding in float32 and rounding once), and it needs no kernel of its own.
 *
 * <pre>{@code
 * Wide a = HalfKernels.widen(x, xl);                  // float32 working copy (x itself when not half)
 * Wide o = HalfKernels.widenOutput(out, ol, false);
 * CpuElementwise.unary(op, p, a.storage(), a.layout(), o.storage(), o.layout());
 * HalfKernels.narrow(o, out, ol);                     // round once into the half output
 * }</pre>
 */
final class HalfKernels {
    private HalfKernels() {}

    /** A storage and the layout its elements have there: a float32 working copy, or the operand itself. */
    record Wide(CpuStorage storage, Layout layout) {}

    static boolean isHalf(CpuStorage s) { return s != null && s.dtype.isHalf(); }

    /**
     * The elements {@code l} reaches, as float32 (exactly: every half value is a float32). Broadcast dims (stride 0)
     * stay broadcast, so an expanded operand is not materialized.
     */
    static Wide widen(CpuStorage s, Layout l) {
        if (!isHalf(s)) return new Wide(s, l);
        int rank = l.rank();
        int[] compact = l.shape().clone();
        for (int d = 0; d < rank; d++) if (l.intStride(d) == 0) compact[d] = 1;
        CpuStorage wide = CpuStorage.allocate(DType.FLOAT32, IntSizes.numel(compact));
        Layout packed = Layout.contiguous(compact);
        CpuElementwise.copy(s, new Layout(compact, l.intStrides(), l.intOffset()), wide, packed);
        int[] strides = packed.intStrides();
        for (int d = 0; d < rank; d++) if (l.intStride(d) == 0) strides[d] = 0;
        return new Wide(wide, new Layout(l.shape(), strides, 0));
    }

    /** The first {@code size} elements of a packed operand, as float32. */
    static CpuStorage widen(CpuStorage s, int size) {
        return isHalf(s) ? widen(s, Layout.contiguous(size)).storage() : s;
    }

    /** A float32 output to compute into, holding the output's current values when the kernel {@code reads} them. */
    static Wide widenOutput(CpuStorage s, Layout l, boolean reads) {
        if (!isHalf(s)) return new Wide(s, l);
        if (reads) return widen(s, l);
        return new Wide(CpuStorage.allocate(DType.FLOAT32, l.intNumel()), Layout.contiguous(l.shape()));
    }

    static CpuStorage widenOutput(CpuStorage s, int size) {
        return isHalf(s) ? CpuStorage.allocate(DType.FLOAT32, size) : s;
    }

    /** Rounds a float32 result into the half output {@code s} at {@code l}; nothing when the kernel wrote {@code s} itself. */
    static void narrow(Wide w, CpuStorage s, Layout l) {
        if (w.storage() != s) CpuElementwise.copy(w.storage(), w.layout(), s, l);
    }

    static void narrow(CpuStorage wide, CpuStorage s, int size) {
        if (wide != s) CpuElementwise.copy(wide, Layout.contiguous(size), s, Layout.contiguous(size));
    }
}
