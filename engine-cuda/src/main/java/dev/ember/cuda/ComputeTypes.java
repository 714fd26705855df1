package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.UnaryOp;

/**
 * The dtype a CUDA kernel or library call runs in for an operand dtype it has no kernel of its own for. The CPU
 * backend computes such pairs in a wider type and stores the result back (integers and bool in int64 for unary
 * ops; anything in float64 for matmul, convolution, pooling and addcmul), so the CUDA backend does the same: cast to
 * the wider type, run there, cast back. These pairs are rare (an int32 matmul, the negation of a bool tensor); the
 * common ones have their own kernels.
 */
final class ComputeTypes {
    private ComputeTypes() {}

    /** Bool has no arithmetic kernels of its own; its unary ops run on int64 (0 or 1) and are stored as {@code != 0}. */
    static DType unary(UnaryOp op, DType t) {
        return t == DType.BOOL && op != UnaryOp.LOGICAL_NOT ? DType.INT64 : t;
    }

    /**
     * Scatter add accumulates the half types in float32 and rounds once at the end (the CPU's HalfKernels widens
     * dst to float32, adds there and narrows); every other dtype adds in itself.
     */
    static DType scatterAdd(DType t) { return t.isHalf() ? DType.FLOAT32 : t; }

    /** cuBLAS, cuDNN and the pooling and addcmul kernels take float32 and float64; everything else runs in float64. */
    static DType floating(DType t) { return t.isFloating() ? t : DType.FLOAT64; }
}
