package dev.ember.cuda;

import dev.ember.DType;

/**
 * How a reduction is launched (kernels/ABI.md), decided by its sizes alone, never by the device's SM count or by
 * timing, so that a result is the same on every GPU and every run. One pass ({@code parts == 1}): one block per
 * output. Two passes, when there are too few outputs to fill a GPU with one block each and every output has at least
 * {@code 2 * MIN_PART} elements: each output's reduced elements are cut into {@code parts} runs of {@code partLength}
 * (the last one shorter), a first launch reduces each (output, part) in a block of its own into a partial result
 * (its sum, or its extreme's value and position), and a second combines each output's partials in part order.
 * <pre>{@code
 * ReductionSplit.of(1, 1 << 20)     // (parts 256, partLength 4096): a full sum() of 2^20 elements on 256 blocks
 * ReductionSplit.of(4096, 1 << 20)  // (parts 1): enough outputs to fill the device, one pass
 * }</pre>
 */
record ReductionSplit(int parts, int partLength) {
    /** Blocks that fill a current GPU: 8 resident blocks of 256 threads on each of an H100's 132 SMs is 1056. */
    static final int TARGET_BLOCKS = 1024;
    /** The fewest elements of a part (16 per thread of the block), so that a block's fixed cost stays small. */
    static final int MIN_PART = 4096;

    /** The split of {@code outputs} reductions of {@code perOutput} elements each. */
    static ReductionSplit of(int outputs, int perOutput) {
        int wanted = ceilDiv(TARGET_BLOCKS, Math.max(1, outputs));
        int parts = Math.min(wanted, perOutput / MIN_PART);
        if (parts < 2) return new ReductionSplit(1, perOutput);
        int partLength = ceilDiv(perOutput, parts);
        return new ReductionSplit(ceilDiv(perOutput, partLength), partLength);
    }

    boolean twoPass() { return parts > 1; }

    /** The element type of the partial results: what the kernels accumulate {@code x}'s dtype in. */
    static DType partialType(DType x) { return x.isFloating() ? DType.FLOAT64 : DType.INT64; }

    private static int ceilDiv(int a, int b) { return (int) ((a + (long) b - 1) / b); }
}
