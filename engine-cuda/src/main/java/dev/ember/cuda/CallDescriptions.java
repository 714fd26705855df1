package dev.ember.cuda;

import dev.ember.DType;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Queued calls as an exception names them, for a reader hunting a fault: kernels with their grid and arguments
 * (device addresses in hex, {@code Strided} structs as shape, strides and offset, scalars with their C type's
 * suffix), copies and fills with addresses and sizes, library calls with their arguments. Built only when a call
 * failed.
 */
final class CallDescriptions {
    private CallDescriptions() {}

    /** {@code kernel add_f32<<<4 blocks, 256 threads>>>(Strided(...), 0x7f0000000000, ..., 1000) over 1000 items}. */
    static String kernel(String name, int blocks, String work, Object... args) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        for (Object a : args) list.add(argument(a));
        return "kernel " + name + "<<<" + blocks + " blocks, " + KernelModule.BLOCK + " threads>>>" + list
                + " over " + work;
    }

    /** One kernel argument as {@link KernelArgs} passes it. */
    static String argument(Object arg) {
        return switch (arg) {
            case int[] s when s.length == StridedArgs.INTS -> strided(s);
            case int[] s -> Arrays.toString(s);
            case KernelArgs.Address a -> hex(a.value());
            case Long v -> v + "L";
            case Float v -> v + "f";
            case null -> "null";
            default -> String.valueOf(arg);
        };
    }

    /** A packed {@code Strided} struct (kernels/ABI.md) as its shape, strides and offset; the raw ints if it is not one. */
    static String strided(int[] packed) {
        int rank = packed[0];
        if (rank < 0 || rank > StridedArgs.MAX_RANK) return "Strided(not a valid struct: " + Arrays.toString(packed) + ")";
        return "Strided(shape " + Arrays.toString(Arrays.copyOfRange(packed, 2, 2 + rank))
                + ", strides " + Arrays.toString(Arrays.copyOfRange(packed, 2 + StridedArgs.MAX_RANK,
                2 + StridedArgs.MAX_RANK + rank)) + ", offset " + packed[1] + ")";
    }

    static String copy(long dst, long src, long bytes) {
        return "cuMemcpyDtoDAsync(dst " + hex(dst) + ", src " + hex(src) + ", " + bytes + " bytes)";
    }

    static String zero(long address, long bytes) {
        return "cuMemsetD8Async(" + hex(address) + ", 0, " + bytes + " bytes)";
    }

    /** The cuBLAS function {@code Cublas.gemmStridedBatched} calls for {@code dtype}: a batch of one is a plain gemm. */
    static String gemmName(DType dtype, int batchCount) {
        if (dtype.isHalf()) return batchCount != 1 ? "cublasGemmStridedBatchedEx" : "cublasGemmEx";
        boolean single = dtype == DType.FLOAT32;
        return batchCount != 1 ? (single ? "cublasSgemmStridedBatched" : "cublasDgemmStridedBatched")
                : (single ? "cublasSgemm_v2" : "cublasDgemm_v2");
    }

    /** A gemm's arguments, in cuBLAS's order; the matrices' addresses in hex. */
    static String gemmArguments(Cublas.Operation transA, Cublas.Operation transB, int m, int n, int k,
                                long a, int lda, long strideA, long b, int ldb, long strideB,
                                long c, int ldc, long strideC, int batchCount) {
        return "(" + transA + ", " + transB + ", m=" + m + ", n=" + n + ", k=" + k
                + ", A=" + hex(a) + ", lda=" + lda + ", strideA=" + strideA
                + ", B=" + hex(b) + ", ldb=" + ldb + ", strideB=" + strideB
                + ", C=" + hex(c) + ", ldc=" + ldc + ", strideC=" + strideC + ", batch=" + batchCount + ")";
    }

    /** One cuDNN convolution call: its plan's key and the device addresses it reads and writes. */
    static String convolution(String call, ConvolutionKey key, long in1, long in2, long out, long workspace,
                              long workspaceBytes) {
        return call + "(" + key + ", inputs " + hex(in1) + " and " + hex(in2) + ", output " + hex(out)
                + ", workspace " + hex(workspace) + " of " + workspaceBytes + " bytes)";
    }

    static String hex(long address) { return "0x" + Long.toHexString(address); }
}
