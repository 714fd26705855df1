package dev.ember.cuda;

import dev.ember.DType;

import java.util.Set;

/**
 * The CUDA backend's float16 and bfloat16 (issue 18): every op has them. Copy (every cast to and from the other
 * dtypes), fill, the host transfers, the elementwise ops (unary, binary, where, addcmul: each element computed in
 * float, rounded once), the reductions, softmax / log-softmax and the scans (accumulated wide, as the CPU's float32,
 * and rounded once), sort, gather, scatter (replace; add in a float32 copy rounded once), pooling and the random fills
 * are kernels of their own; matmul is cuBLAS's with float32 compute, convolution cuDNN's with float32 compute, batch
 * norm the float32 composite between two casts.
 */
final class HalfCoverage {
    private HalfCoverage() {}

    static final Set<DType> HALVES = Set.of(DType.FLOAT16, DType.BFLOAT16);
}
