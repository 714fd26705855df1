package dev.ember.cpu;

import dev.ember.backend.Layout;

/** Batched matmul: operands of any strides are packed to double, multiplied per batch, and stored. */
final class CpuMatmul {
    private CpuMatmul() {}

    static void matmul(CpuStorage a, Layout al, CpuStorage b, Layout bl, CpuStorage out, Layout ol) {
        int batches = al.shape()[0];
        int m = al.shape()[1];
        int k = al.shape()[2];
        int n = bl.shape()[2];
        double[] ap = pack(a, al);
        double[] bp = pack(b, bl);
        // the output is contiguous at offset 0 (the Backend contract), so float64 results go straight into it
        double[] cp = out.array instanceof double[] d ? d : new double[batches * m * n];
        for (int bi = 0; bi < batches; bi++) {
            Gemm.multiply(false, false, m, n, k, ap, bi * m * k, k, bp, bi * k * n, n, cp, bi * m * n, n, false);
        }
        RowIO.fromDoubles(cp, out, batches * m * n);
    }

    /** The operand's elements, row-major, as doubles. */
    static double[] pack(CpuStorage s, Layout l) {
        if (l.isContiguous() && l.offset() == 0 && s.array instanceof double[] d && d.length == l.numel()) return d;
        double[] out = new double[l.numel()];
        CpuStorage dst = new CpuStorage(dev.ember.DType.FLOAT64, out);
        CpuElementwise.copy(s, l, dst, Layout.contiguous(l.shape()));
        return out;
    }
}
