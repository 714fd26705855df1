package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Storage;

import java.util.Set;

/**
 * How far the CUDA backend's float16 and bfloat16 kernels reach (issue 18, written op family by op family): copy
 * (every cast to and from the other dtypes), fill, the host transfers, the elementwise ops (unary, binary, where,
 * addcmul: each element computed in float, rounded once), the reductions and softmax / log-softmax (accumulated
 * wide, as the CPU's float32, and rounded once at the end), matmul (cuBLAS, float32 compute), sort, gather,
 * scatter (replace, and add in a float32 copy rounded once), pooling, the scans and random fills have them; the
 * ops that are left (convolution and batch norm) refuse a half operand before they launch anything, naming the op
 * and the dtype, so a half tensor on the GPU never meets a kernel of another type.
 *
 * <pre>{@code
 * HalfCoverage.require("matmul", a, b, out);   // IllegalArgumentException if any of them is float16 or bfloat16
 * }</pre>
 */
final class HalfCoverage {
    private HalfCoverage() {}

    /** The half types: the ops above have kernels for them, the ops that call {@link #require} not yet. */
    static final Set<DType> HALVES = Set.of(DType.FLOAT16, DType.BFLOAT16);

    /** Refuses the op when any operand (null ones skipped) is a half type. */
    static void require(String op, Storage... operands) {
        for (Storage s : operands) {
            if (s == null) continue;
            DType t = CudaStorage.of(s).dtype;
            if (HALVES.contains(t)) {
                throw new IllegalArgumentException(op + " has no CUDA kernel for " + t + " yet (the half types have "
                        + "every op on CUDA but convolution and batch norm so far): cast to float32 on the GPU "
                        + "(tensor.to(DType.FLOAT32)), or run "
                        + "it on the CPU");
            }
        }
    }
}
