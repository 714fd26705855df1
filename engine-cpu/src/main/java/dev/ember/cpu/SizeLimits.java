package dev.ember.cpu;

import dev.ember.Shape;
import dev.ember.backend.Layout;
import dev.ember.backend.Storage;

import java.util.Arrays;
import java.util.Locale;

/**
 * The one check between the engine's 64-bit sizes and the CPU kernels' int indexing: every op that has no
 * {@link LargeKernels} path calls it first, with its operands, and an operand the kernels cannot address is refused
 * naming the op, the operand's shape and its element count, before anything is computed. For example
 * <pre>{@code
 * matmul: tensor of shape [3, 715827885] has 2147483655 elements; the CPU kernels for matmul handle at most
 * 2147483647; fill, sum, slicing and copies handle more
 * }</pre>
 */
final class SizeLimits {
    private static final String WHAT_WORKS = "; fill, sum, slicing and copies handle more";

    private SizeLimits() {}

    /**
     * Refuses any operand beyond the int-indexed kernels: a {@link Layout} whose count or storage indices pass
     * {@link Integer#MAX_VALUE}, a shape ({@code int[]}) with more elements, or a {@link CpuLargeStorage}. Operands
     * are given as the op takes them, in any order; nulls (absent optional operands) are skipped. The op is its name
     * or its enum constant ({@code UnaryOp.EXP} reads "exp").
     */
    static void check(Object op, Object... operands) {
        for (Object operand : operands) {
            boolean fits = switch (operand) {
                case null -> true;
                case Layout l -> l.fitsInt();
                case int[] shape -> Shape.numel(shape) <= Integer.MAX_VALUE;
                case CpuLargeStorage s -> false;
                case Storage s -> true;
                case Long count -> count <= Integer.MAX_VALUE;
                default -> throw new IllegalArgumentException("SizeLimits.check: unexpected operand " + operand);
            };
            if (!fits) throw refusal(op instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : op.toString(), operand);
        }
    }

    private static IllegalArgumentException refusal(String op, Object operand) {
        return switch (operand) {
            case Layout l when l.numel() > Integer.MAX_VALUE -> tooMany(op, l.shape(), l.numel());
            case Layout l -> new IllegalArgumentException(op + ": a view of shape " + Shape.str(l.shape())
                    + " at storage offset " + l.offset() + " with strides " + Arrays.toString(l.strides())
                    + " reaches storage indices beyond " + Integer.MAX_VALUE + "; the CPU kernels for " + op
                    + " index at most that" + WHAT_WORKS);
            case int[] shape -> tooMany(op, shape, Shape.numel(shape));
            case CpuLargeStorage s -> new IllegalArgumentException(op + ": an operand lies in a CPU storage of "
                    + s.size() + " " + s.dtype() + " elements, beyond a Java array; the CPU kernels for " + op
                    + " take storages of at most " + CpuLargeStorage.MAX_ARRAY + WHAT_WORKS);
            default -> new IllegalArgumentException(op + ": " + operand + " elements; the CPU kernels for " + op
                    + " handle at most " + Integer.MAX_VALUE + WHAT_WORKS);
        };
    }

    private static IllegalArgumentException tooMany(String op, int[] shape, long numel) {
        return new IllegalArgumentException(op + ": tensor of shape " + Shape.str(shape) + " has " + numel
                + " elements; the CPU kernels for " + op + " handle at most " + Integer.MAX_VALUE + WHAT_WORKS);
    }
}
