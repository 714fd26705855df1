package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Layout;

/**
 * Batched matmul. Float32 and float64 operands go to {@link Gemm} as they are stored, whatever their strides
 * (transposed and broadcast operands included); integer operands are multiplied in float64 and converted back.
 */
final class CpuMatmul {
    private CpuMatmul() {}

    static void matmul(CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol, boolean accumulate) {
        int batches = al.shape()[0];
        int m = al.shape()[1];
        int k = al.shape()[2];
        int n = bl.shape()[2];
        MatrixLayout cl = MatrixLayout.rowMajor(0, m, n);
        if (a.array instanceof float[] af && b.array instanceof float[] bf && out.array instanceof float[] cf) {
            Gemm.multiply(batches, m, n, k, af, matrix(al), bf, matrix(bl), cf, cl, accumulate);
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
