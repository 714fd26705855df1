package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Layout;


/**
 * {@code Backend.matmul} on cuBLAS. Ember's matrices are row-major and cuBLAS's column-major, so the product is
 * computed as {@code C^T = B^T A^T}: cuBLAS reads each row-major operand as its transpose for free, and a
 * column-major view (a transposed tensor) as itself with a transpose flag (see {@link GemmOperand}). The batch dim is one
 * stride (0 where a matrix is broadcast over the batch). An operand whose strides fit neither form is copied to a
 * contiguous scratch buffer. {@link GemmArguments} works out the call's arguments from the layouts.
 * Float32 runs in plain FP32 unless {@link Cuda#allowTf32} is on; float16 and bfloat16 multiply and add in float32
 * on tensor cores and round once ({@code cublasGemmEx}).
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

    /** float32 and float64 in their own type; float16 and bfloat16 with float32 products and sums (cublasGemmEx). */
    static boolean supports(DType dtype) { return dtype == DType.FLOAT32 || dtype == DType.FLOAT64 || dtype.isHalf(); }

    synchronized void run(CudaStorage a, Layout al, CudaStorage b, Layout bl, CudaStorage out,
                          Layout ol, boolean accumulate) {
        if (!supports(out.dtype)) {
            throw new IllegalArgumentException("matmul on CUDA takes float32, float64, float16 or bfloat16, got "
                    + out.dtype);
        }
        if (!ol.isContiguous()) {   // ldc and strideC come from the sizes: a strided output would be written wrong
            throw new IllegalArgumentException("matmul on CUDA writes a contiguous output, got " + ol);
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
        GemmArguments call = GemmArguments.of(al, bl, ol);
        try (Temporaries copies = new Temporaries(backend)) {
            CudaStorage first = storage(call.first(), a, al, b, bl, copies);
            CudaStorage second = storage(call.second(), a, al, b, bl, copies);
            long firstAddress = first.addressOf(call.first().offset());
            long secondAddress = second.addressOf(call.second().offset());
            long outAddress = out.addressOf(call.outOffset());
            try {
                Cublas.gemmStridedBatched(handle, out.dtype, operation(call.first()), operation(call.second()),
                        call.m(), call.n(), call.k(), 1.0,
                        firstAddress, call.first().ld(), call.first().batchStride(),
                        secondAddress, call.second().ld(), call.second().batchStride(),
                        accumulate ? 1.0 : 0.0,
                        outAddress, call.ldc(), call.strideC(), call.batch());
            } catch (CudaLibraryException e) {
                throw context.libraryFailure(e);
            }
            context.sync.after(() -> describe(out.dtype, call, firstAddress, secondAddress, outAddress));
        }
    }

    /** The gemm call as sync mode names it when the device reports a fault after it. */
    static String describe(DType dtype, GemmArguments call, long first, long second, long out) {
        return CallDescriptions.gemmName(dtype, call.batch()) + CallDescriptions.gemmArguments(
                operation(call.first()), operation(call.second()), call.m(), call.n(), call.k(),
                first, call.first().ld(), call.first().batchStride(), second, call.second().ld(),
                call.second().batchStride(), out, call.ldc(), call.strideC(), call.batch());
    }

    private static Cublas.Operation operation(GemmArguments.Input input) {
        return input.transposed() ? Cublas.Operation.T : Cublas.Operation.N;
    }

    /** The storage {@code input} reads: its operand's own, or a contiguous copy of it made in {@code copies}. */
    private static CudaStorage storage(GemmArguments.Input input, CudaStorage a, Layout al, CudaStorage b, Layout bl,
                                       Temporaries copies) {
        boolean isA = input.source() == GemmArguments.Source.A;
        CudaStorage s = isA ? a : b;
        return input.copied() ? copies.cast(s, isA ? al : bl, s.dtype) : s;
    }
}
