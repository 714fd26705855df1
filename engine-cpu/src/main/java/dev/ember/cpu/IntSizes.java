package dev.ember.cpu;

import dev.ember.Shape;

/**
 * Element counts as the CPU kernels take them: Java arrays and loops indexed by {@code int}. The backend's entry
 * ({@link SizeLimits}) has refused every operand beyond that range by the op's name before a kernel runs, so the
 * check here is only the last guard.
 */
final class IntSizes {
    private IntSizes() {}

    /** {@link Shape#numel} of a kernel operand's shape, which fits an int. */
    static int numel(int[] shape) {
        long n = Shape.numel(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Shape.str(shape) + " has " + n + " elements; the CPU kernels "
                    + "index at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }
}
