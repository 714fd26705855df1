package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Layout;

/**
 * Batched matmul. Float32 and float64 operands go to {@link Gemm} as they are stored, whatever their strides
 * (transposed and broadcast operands included); so do float16 and bfloat16 operands, widened to float32 as the GEMM
 * packs them ({@link HalfPanels}), with a half result computed into float32 and rounded once at the end (PyTorch's
 * CPU numerics, and the bits of a product of float32 copies). Integer operands are multiplied in float64 and
 * converted back.
 */
final class CpuMatmul {
    private CpuMatmul() {}

    static void matmul(CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol, boolean accumulate) {
        int batches = al.shape()[0];
        int m = al.shape()[1];
        int k = al.shape()[2];
        int n = bl.shape()[2];
        MatrixLayout cl = MatrixLayout.rowMajor(0, m, n);
        if (floatPanels(a) && floatPanels(b) && floatPanels(out)) {
            HalfKernels.Wide c = HalfKernels.widenOutput(out, ol, accumulate);   // out itself when float32
            Gemm.multiply(batches, m, n, k, a.array, matrix(al), b.array, matrix(bl), (float[]) c.storage().array, cl, accumulate);
            HalfKernels.narrow(c, out, ol);
        } else if (a.array instanceof double[] ad && b.array instanceof double[] bd && out.array instanceof double[] cd) {
            Gemm.multiply(batches, m, n, k, ad, matrix(al), bd, matrix(bl), cd, cl, accumulate);
        } else {
            double[] ap = pack(a, al);
            double[] bp = pack(b, bl);
            double[] cp = accumulate ? pack(out, ol) : new double[batches * m * n];
            Gemm.multiply(batches, m, n, k, ap, MatrixLayout.rowMajor(0, m, k), bp, MatrixLayout.rowMajor(0, k, n), cp, cl, accumulate);
            RowIO.fromDoubles(cp, out, cp.length);
        }
    }

    /** Float32, or a half type the float32 GEMM reads as it packs. */
    private static boolean floatPanels(CpuStorage s) { return s.array instanceof float[] || HalfPanels.isHalf(s.array); }

    private static MatrixLayout matrix(Layout l) {
        int[] st = l.intStrides();
        return new MatrixLayout(l.intOffset(), st[0], st[1], st[2]);
    }

    /** The operand's elements, row-major, as doubles. */
    static double[] pack(CpuStorage s, Layout l) {
        double[] out = new double[l.intNumel()];
        CpuElementwise.copy(s, l, new CpuStorage(DType.FLOAT64, out), Layout.contiguous(l.shape()));
        return out;
    }
}
