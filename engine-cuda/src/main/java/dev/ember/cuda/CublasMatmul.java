package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Layout;

/**
 * {@code Backend.matmul} on cuBLAS. Ember's matrices are row-major and cuBLAS's column-major, so the product is
 * computed as {@code C^T = B^T A^T}: cuBLAS reads each row-major operand as its transpose for free, and a
 * column-major view (a transposed tensor) as itself with a transpose flag (see {@link GemmOperand}). The batch dim is one
 * stride (0 where a matrix is broadcast over the batch). An operand whose strides fit neither form is copied to a contiguous scratch buffer.
 * Float32 runs in plain FP32 unless {@link Cuda#allowTf32} is on.
 */
final class CublasMatmul {
    private final CudaContext context;
    private final long handle;
    private CudaBackend backend;
    private boolean tf32;

    CublasMatmul(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        this.handle = Cublas.create(context.stream.address());
        Cublas.setMathMode(handle, Cublas.MathMode.DEFAULT);
    }

    /** The backend that makes contiguous copies of awkward operands. */
    void attach(CudaBackend backend) { this.backend = backend; }

    static boolean supports(DType dtype) { return dtype == DType.FLOAT32 || dtype == DType.FLOAT64; }

    synchronized void run(CudaStorage a, Layout al, CudaStorage b, Layout bl, CudaStorage out,
                          Layout ol, boolean accumulate) {
        if (!supports(out.dtype)) {
            throw new IllegalArgumentException("matmul on CUDA takes float32 or float64, got " + out.dtype);
        }
        int batch = ol.size(0);
        int m = ol.size(1);
        int n = ol.size(2);
        int k = al.size(2);
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) backend.fill(out, ol, 0);
            return;
        }
        context.makeCurrent();
        boolean wantTf32 = out.dtype == DType.FLOAT32 && Cuda.tf32Allowed();
        if (wantTf32 != tf32) {
            Cublas.setMathMode(handle, wantTf32 ? Cublas.MathMode.TF32 : Cublas.MathMode.DEFAULT);
            tf32 = wantTf32;
        }
        CudaStorage aCopy = null;
        CudaStorage bCopy = null;
        try {
            GemmOperand ga = GemmOperand.of(m, k, al.stride(1), al.stride(2));
            if (ga == null) {
                aCopy = contiguous(a, al);
                a = aCopy;
                al = Layout.contiguous(al.shape());
                ga = GemmOperand.of(m, k, al.stride(1), al.stride(2));
            }
            GemmOperand gb = GemmOperand.of(k, n, bl.stride(1), bl.stride(2));
            if (gb == null) {
                bCopy = contiguous(b, bl);
                b = bCopy;
                bl = Layout.contiguous(bl.shape());
                gb = GemmOperand.of(k, n, bl.stride(1), bl.stride(2));
            }
            // column-major: C^T (n x m, ld n) = op(B^T) (n x k) * op(A^T) (k x m)
            Cublas.gemmStridedBatched(handle, out.dtype,
                    gb.transposed() ? Cublas.Operation.T : Cublas.Operation.N,
                    ga.transposed() ? Cublas.Operation.T : Cublas.Operation.N,
                    n, m, k, 1.0,
                    b.addressOf(bl.offset()), gb.ld(), batchStride(bl),
                    a.addressOf(al.offset()), ga.ld(), batchStride(al),
                    accumulate ? 1.0 : 0.0,
                    out.addressOf(ol.offset()), n, (long) m * n, batch);
        } finally {
            if (aCopy != null) aCopy.release();
            if (bCopy != null) bCopy.release();
        }
    }

    /** Where the next matrix of the batch starts; 0 repeats the one matrix for every batch entry. */
    private static long batchStride(Layout l) { return l.size(0) == 1 ? 0 : l.stride(0); }

    private CudaStorage contiguous(CudaStorage s, Layout l) {
        CudaStorage copy = backend.uninitialized(s.dtype, l.numel());
        backend.copy(s, l, copy, Layout.contiguous(l.shape()));
        return copy;
    }
}
