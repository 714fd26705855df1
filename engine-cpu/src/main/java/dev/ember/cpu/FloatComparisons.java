package dev.ember.cpu;

import dev.ember.backend.BinaryOp;

/**
 * The comparisons of float32 rows into bool, read in place: each operand contiguous (stride 1) or one element
 * repeated (stride 0), as {@link ElementwiseRows} takes them. A ReLU's gradient compares every activation with 0
 * ({@code x <= 0}); through the general path (widened to double and stored back) that was a sixth of the examples'
 * CNN step. Java's float comparisons are the IEEE ones the general path uses (NaN compares unequal to everything).
 */
final class FloatComparisons {
    private FloatComparisons() {}

    static void compare(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, boolean[] out, int oi, int n) {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] == b[bi + i * bs]; }
            case NE -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] != b[bi + i * bs]; }
            case LT -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] < b[bi + i * bs]; }
            case LE -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] <= b[bi + i * bs]; }
            case GT -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] > b[bi + i * bs]; }
            case GE -> { for (int i = 0; i < n; i++) out[oi + i] = a[ai + i * as] >= b[bi + i * bs]; }
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        }
    }
}
