package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ember.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS through {@code java.lang.foreign}: one handle per C function (the exported {@code _v2} names; plain
 * {@code cublasSgemm} is the legacy API with another signature), resolved when this class initialises, and a small
 * API on raw addresses ({@code long}) for the backend. Matrices are column-major, as cuBLAS's are; a row-major
 * {@code C = A B} is the column-major {@code C^T = B^T A^T}, which the caller arranges. Scalars ({@code alpha},
 * {@code beta}) are passed from host memory (cuBLAS's default pointer mode), read before the call returns.
 *
 * <p>Every status goes through {@link #check}, which throws {@link CudaLibraryException} naming the call and the
 * status. Initialising this class opens the library ({@link NativeLibraries#cublas()}); a missing library or
 * function fails it with a {@link NativeLibraryException} that says which.
 *
 * <pre>{@code
 * long handle = Cublas.create(streamAddress);
 * Cublas.setMathMode(handle, Cublas.MathMode.DEFAULT);
 * Cublas.gemmStridedBatched(handle, DType.FLOAT32, Cublas.Operation.N, Cublas.Operation.N,
 *         m, n, k, 1.0, a, m, m * k, b, k, k * n, 0.0, c, m, m * n, batch);
 * Cublas.destroy(handle);
 * }</pre>
 */
final class Cublas {
    private Cublas() {}

    private static final NativeLibrary LIBRARY = NativeLibraries.cublas();

    static final int CUBLAS_STATUS_SUCCESS = 0;

    /** {@code cublasOperation_t}: how an operand enters the product. */
    public enum Operation {
        N(0), T(1);

        final int value;

        Operation(int value) { this.value = value; }
    }

    /** {@code cublasMath_t}: {@code DEFAULT} keeps float32 in float32; {@code TF32} lets tensor cores round inputs to TF32. */
    public enum MathMode {
        DEFAULT(0), TF32(3);

        final int value;

        MathMode(int value) { this.value = value; }
    }

    // cublasStatus_t cublasCreate_v2(cublasHandle_t* handle)
    static final MethodHandle cublasCreate_v2 = LIBRARY.function("cublasCreate_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)
    static final MethodHandle cublasDestroy_v2 = LIBRARY.function("cublasDestroy_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)
    static final MethodHandle cublasSetStream_v2 = LIBRARY.function("cublasSetStream_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)
    static final MethodHandle cublasSetMathMode = LIBRARY.function("cublasSetMathMode",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void* workspace, size_t workspaceSizeInBytes)
    static final MethodHandle cublasSetWorkspace_v2 = LIBRARY.function("cublasSetWorkspace_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    // cublasStatus_t cublasGetProperty(libraryPropertyType type, int* value)
    static final MethodHandle cublasGetProperty = LIBRARY.function("cublasGetProperty",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    // const char* cublasGetStatusName(cublasStatus_t status)
    static final MethodHandle cublasGetStatusName = LIBRARY.function("cublasGetStatusName",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // const char* cublasGetStatusString(cublasStatus_t status)
    static final MethodHandle cublasGetStatusString = LIBRARY.function("cublasGetStatusString",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // cublasStatus_t cublasSgemm_v2(handle, transa, transb, int m, int n, int k, const float* alpha,
    //         const float* A, int lda, const float* B, int ldb, const float* beta, float* C, int ldc)
    static final MethodHandle cublasSgemm_v2 = LIBRARY.function("cublasSgemm_v2", gemm());
    // cublasStatus_t cublasDgemm_v2(...): cublasSgemm_v2 with double
    static final MethodHandle cublasDgemm_v2 = LIBRARY.function("cublasDgemm_v2", gemm());
    // cublasStatus_t cublasSgemmStridedBatched(handle, transa, transb, int m, int n, int k, const float* alpha,
    //         const float* A, int lda, long long strideA, const float* B, int ldb, long long strideB,
    //         const float* beta, float* C, int ldc, long long strideC, int batchCount)
    static final MethodHandle cublasSgemmStridedBatched = LIBRARY.function("cublasSgemmStridedBatched",
            gemmStridedBatched());
    // cublasStatus_t cublasDgemmStridedBatched(...): cublasSgemmStridedBatched with double
    static final MethodHandle cublasDgemmStridedBatched = LIBRARY.function("cublasDgemmStridedBatched",
            gemmStridedBatched());

    // cublasStatus_t cublasGemmEx(handle, transa, transb, int m, int n, int k, const void* alpha,
    //         const void* A, cudaDataType Atype, int lda, const void* B, cudaDataType Btype, int ldb,
    //         const void* beta, void* C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType,
    //         cublasGemmAlgo_t algo): the half types' gemm
    static final MethodHandle cublasGemmEx = LIBRARY.function("cublasGemmEx",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // cublasStatus_t cublasGemmStridedBatchedEx(handle, transa, transb, int m, int n, int k, const void* alpha,
    //         const void* A, cudaDataType Atype, int lda, long long strideA, const void* B, cudaDataType Btype,
    //         int ldb, long long strideB, const void* beta, void* C, cudaDataType Ctype, int ldc,
    //         long long strideC, int batchCount, cublasComputeType_t computeType, cublasGemmAlgo_t algo)
    static final MethodHandle cublasGemmStridedBatchedEx = LIBRARY.function("cublasGemmStridedBatchedEx",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));

    // cudaDataType (library_types.h), cublasComputeType_t and cublasGemmAlgo_t (cublas_api.h)
    static final int CUDA_R_16F = 2;
    static final int CUDA_R_16BF = 14;
    static final int CUBLAS_COMPUTE_32F = 68;
    /** Deprecated since cuBLAS 11 as the same as {@code CUBLAS_GEMM_DEFAULT}, which uses tensor cores where it may. */
    static final int CUBLAS_GEMM_DEFAULT_TENSOR_OP = 99;

    private static FunctionDescriptor gemm() {
        return FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    }

    private static FunctionDescriptor gemmStridedBatched() {
        return FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    /** The library this class is bound to. */
    public static NativeLibrary library() {
        return LIBRARY;
    }

    /** Throws {@link CudaLibraryException} naming {@code call} and the status unless {@code status} is success. */
    static void check(String call, int status) {
        if (status != CUBLAS_STATUS_SUCCESS) throw failure(call, "", status);
    }

    private static void check(String call, StatusCall nativeCall) {
        check(call, StatusCall.run(nativeCall));
    }

    private static CudaLibraryException failure(String call, String arguments, int status) {
        String name = statusName(status);
        return new CudaLibraryException(call, status, name,
                call + arguments + " failed: " + name + " (" + status + "): " + statusString(status));
    }

    /** The C name of a status, e.g. {@code CUBLAS_STATUS_NOT_INITIALIZED}. */
    public static String statusName(int status) {
        try {
            return string((MemorySegment) cublasGetStatusName.invokeExact(status));
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** cuBLAS's one-line description of a status. */
    public static String statusString(int status) {
        try {
            return string((MemorySegment) cublasGetStatusString.invokeExact(status));
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** A C string the library owns (static text: cuBLAS's and cuDNN's status strings). */
    @SuppressWarnings("restricted")
    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "(no text)" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static MemorySegment pointer(long address) {
        return MemorySegment.ofAddress(address);
    }

    /** The library's version as {@code major * 10000 + minor * 100 + patch}, e.g. {@code 130000}; needs no GPU. */
    public static int version() {
        return property(0) * 10000 + property(1) * 100 + property(2);
    }

    /**
     * cuBLASLt's version, {@code major * 10000 + minor * 100 + patch} ({@code size_t cublasLtGetVersion(void)});
     * needs no GPU. Resolved here, not with the other functions, so that its absence fails only this call.
     */
    static long ltVersion() {
        MethodHandle cublasLtGetVersion = LIBRARY.function("libcublasLt.so", "cublasLtGetVersion",
                FunctionDescriptor.of(JAVA_LONG));
        try {
            return (long) cublasLtGetVersion.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    // libraryPropertyType: MAJOR_VERSION 0, MINOR_VERSION 1, PATCH_LEVEL 2 (library_types.h)
    private static int property(int libraryPropertyType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            check("cublasGetProperty", () -> (int) cublasGetProperty.invokeExact(libraryPropertyType, value));
            return value.get(JAVA_INT, 0);
        }
    }

    /** A new cuBLAS handle whose work goes to {@code stream} (a {@code CUstream}'s address; 0 is the default stream). */
    public static long create(long stream) {
        long handle;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cublasCreate_v2", () -> (int) cublasCreate_v2.invokeExact(out));
            handle = out.get(ADDRESS, 0).address();
        }
        try {
            setStream(handle, stream);
        } catch (RuntimeException e) {
            try {
                destroy(handle);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return handle;
    }

    public static void destroy(long handle) {
        check("cublasDestroy_v2", () -> (int) cublasDestroy_v2.invokeExact(pointer(handle)));
    }

    public static void setStream(long handle, long stream) {
        check("cublasSetStream_v2", () -> (int) cublasSetStream_v2.invokeExact(pointer(handle), pointer(stream)));
    }

    public static void setMathMode(long handle, MathMode mode) {
        check("cublasSetMathMode", () -> (int) cublasSetMathMode.invokeExact(pointer(handle), mode.value));
    }

    /**
     * Gives cuBLAS {@code bytes} of device memory at {@code address} as its workspace (instead of its own pool), so
     * it comes from Ember's allocator; it must stay allocated while the handle uses it.
     */
    public static void setWorkspace(long handle, long address, long bytes) {
        check("cublasSetWorkspace_v2",
                () -> (int) cublasSetWorkspace_v2.invokeExact(pointer(handle), pointer(address), bytes));
    }

    /**
     * Column-major {@code C = alpha op(A) op(B) + beta C} with {@code op(A)} {@code m x k}, {@code op(B)}
     * {@code k x n}, {@code C} {@code m x n}, on device addresses, for float32 or float64, and for float16 or
     * bfloat16 through {@code cublasGemmEx}: inputs and output in the half type, products and sums in float32
     * ({@code CUBLAS_COMPUTE_32F}), the result rounded once, as PyTorch's half matmul on CUDA.
     */
    public static void gemm(long handle, DType dtype, Operation transA, Operation transB, int m, int n, int k,
                            double alpha, long a, int lda, long b, int ldb, double beta, long c, int ldc) {
        gemmStridedBatched(handle, dtype, transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
    }

    /**
     * {@link #gemm} for {@code batchCount} matrices: the {@code i}-th operands start {@code i * stride} elements after
     * {@code a}, {@code b} and {@code c}. A batch of one calls the plain {@code gemm}.
     */
    public static void gemmStridedBatched(long handle, DType dtype, Operation transA, Operation transB,
                                          int m, int n, int k, double alpha, long a, int lda, long strideA,
                                          long b, int ldb, long strideB, double beta, long c, int ldc, long strideC,
                                          int batchCount) {
        if (dtype.isHalf()) {
            halfGemm(handle, dtype, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc,
                    strideC, batchCount);
            return;
        }
        boolean single = dtype == DType.FLOAT32;
        if (!single && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("cuBLAS gemm takes float32, float64, float16 or bfloat16, got " + dtype);
        }
        boolean batched = batchCount != 1;
        String call = CallDescriptions.gemmName(dtype, batchCount);
        MethodHandle function = batched ? (single ? cublasSgemmStridedBatched : cublasDgemmStridedBatched)
                : (single ? cublasSgemm_v2 : cublasDgemm_v2);
        int status;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaHost = single ? arena.allocateFrom(JAVA_FLOAT, (float) alpha)
                    : arena.allocateFrom(JAVA_DOUBLE, alpha);
            MemorySegment betaHost = single ? arena.allocateFrom(JAVA_FLOAT, (float) beta)
                    : arena.allocateFrom(JAVA_DOUBLE, beta);
            MemorySegment h = pointer(handle), pa = pointer(a), pb = pointer(b), pc = pointer(c);
            int opA = transA.value, opB = transB.value;
            status = StatusCall.run(batched
                    ? () -> (int) function.invokeExact(h, opA, opB, m, n, k, alphaHost, pa, lda, strideA,
                            pb, ldb, strideB, betaHost, pc, ldc, strideC, batchCount)
                    : () -> (int) function.invokeExact(h, opA, opB, m, n, k, alphaHost, pa, lda, pb, ldb,
                            betaHost, pc, ldc));
        }
        if (status != CUBLAS_STATUS_SUCCESS) {
            throw failure(call, CallDescriptions.gemmArguments(transA, transB, m, n, k, a, lda, strideA, b, ldb,
                    strideB, c, ldc, strideC, batchCount), status);
        }
    }

    /** {@link #gemmStridedBatched} in float16 or bfloat16: {@code cublasGemmEx} or {@code cublasGemmStridedBatchedEx}. */
    private static void halfGemm(long handle, DType dtype, Operation transA, Operation transB, int m, int n, int k,
                                 double alpha, long a, int lda, long strideA, long b, int ldb, long strideB,
                                 double beta, long c, int ldc, long strideC, int batchCount) {
        int type = dtype == DType.FLOAT16 ? CUDA_R_16F : CUDA_R_16BF;
        boolean batched = batchCount != 1;
        int status;
        try (Arena arena = Arena.ofConfined()) {
            // CUBLAS_COMPUTE_32F takes float scalars
            MemorySegment alphaHost = arena.allocateFrom(JAVA_FLOAT, (float) alpha);
            MemorySegment betaHost = arena.allocateFrom(JAVA_FLOAT, (float) beta);
            MemorySegment h = pointer(handle), pa = pointer(a), pb = pointer(b), pc = pointer(c);
            int opA = transA.value, opB = transB.value;
            status = StatusCall.run(batched
                    ? () -> (int) cublasGemmStridedBatchedEx.invokeExact(h, opA, opB, m, n, k, alphaHost,
                            pa, type, lda, strideA, pb, type, ldb, strideB, betaHost, pc, type, ldc, strideC,
                            batchCount, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT_TENSOR_OP)
                    : () -> (int) cublasGemmEx.invokeExact(h, opA, opB, m, n, k, alphaHost, pa, type, lda,
                            pb, type, ldb, betaHost, pc, type, ldc, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT_TENSOR_OP));
        }
        if (status != CUBLAS_STATUS_SUCCESS) {
            throw failure(CallDescriptions.gemmName(dtype, batchCount), CallDescriptions.gemmArguments(transA, transB,
                    m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, batchCount), status);
        }
    }
}
