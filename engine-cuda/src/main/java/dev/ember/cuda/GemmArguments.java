package dev.ember.cuda;

import dev.ember.backend.Layout;

/**
 * The arguments of the one cuBLAS {@code gemmStridedBatched} call that computes the row-major batched product
 * {@code out[p] = a[p] @ b[p]} ({@code [B, M, K] x [B, K, N] -> [B, M, N]}, {@code out} contiguous), worked out from
 * the layouts alone so that a test can run them through an emulation of cuBLAS. cuBLAS is column-major and a
 * contiguous {@code out} read column-major with leading dimension {@code N} is {@code out^T}, so the call computes
 * {@code out^T = b^T a^T}: cuBLAS's first input is the engine's {@code b}, its second the engine's {@code a}, and its
 * {@code m} and {@code n} are the engine's {@code N} and {@code M}.
 */
record GemmArguments(Input first, Input second, int m, int n, int k, long outOffset, int ldc, long strideC,
                     int batch) {

    /** Which of the engine's operands an input of the call reads. */
    enum Source { A, B }

    /**
     * One input of the call: cuBLAS's transpose flag, leading dimension and batch stride for the engine's operand
     * {@code source}, read from element {@code offset} of its storage or, when {@code copied}, of a contiguous copy
     * (row-major, offset 0) that the caller makes first because the operand's strides fit neither form of
     * {@link GemmOperand}.
     */
    record Input(Source source, boolean copied, boolean transposed, long offset, int ld, long batchStride) {}

    /** The call for {@code a}, {@code b}, {@code out} of B, M, N and K all at least 1. */
    static GemmArguments of(Layout a, Layout b, Layout out) {
        int batch = out.size(0);
        int m = out.size(1);
        int n = out.size(2);
        int k = a.size(2);
        return new GemmArguments(input(Source.B, b, k, n), input(Source.A, a, m, k), n, m, k, out.offset(), n,
                (long) m * n, batch);
    }

    private static Input input(Source source, Layout l, int rows, int cols) {
        GemmOperand g = GemmOperand.of(rows, cols, l.stride(1), l.stride(2));
        if (g != null) return new Input(source, false, g.transposed(), l.offset(), g.ld(), batchStride(l));
        Layout packed = Layout.contiguous(l.shape());
        GemmOperand p = GemmOperand.of(rows, cols, packed.stride(1), packed.stride(2));
        return new Input(source, true, p.transposed(), 0, p.ld(), batchStride(packed));
    }

    /** Where the next matrix of the batch starts; 0 repeats the one matrix for every batch entry. */
    private static long batchStride(Layout l) { return l.size(0) == 1 ? 0 : l.stride(0); }
}
