package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.Distribution;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.UnaryOp;

import java.util.Locale;

/**
 * The one place where kernel names are made (kernels/ABI.md): {@code op_dtype}, the op's name as in the engine's
 * enums, lower case. Call sites ask here; no name is assembled anywhere else, and {@code KernelCoverageTest} checks
 * that every name the CPU backend's (op, dtype) pairs lead to is in the compiled kernel index.
 */
final class KernelNames {
    private KernelNames() {}

    static String suffix(DType t) {
        return switch (t) {
            case BOOL -> "b";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
        };
    }

    static String unary(UnaryOp op, DType t) { return lower(op) + "_" + suffix(t); }

    static String binary(BinaryOp op, DType t) { return lower(op) + "_" + suffix(t); }

    static String reduce(ReduceOp op, DType t) { return lower(op) + "_" + suffix(t); }

    /** The first of a two-pass reduction's kernels: one partial result per (output, part). */
    static String reducePartials(ReduceOp op, DType t) { return lower(op) + "_partials_" + suffix(t); }

    /** The second: each output's partials combined into its result. */
    static String reduceCombine(ReduceOp op, DType t) { return lower(op) + "_combine_" + suffix(t); }

    /** {@code cumsum_f32}, {@code cummax_i64}, ...: the scan's own name, which no reduction shares. */
    static String scan(ScanOp op, DType t) { return lower(op) + "_" + suffix(t); }

    static String fill(DType t) { return "fill_" + suffix(t); }

    static String copy(DType from, DType to) { return "copy_" + suffix(from) + "_" + suffix(to); }

    static String where(DType t) { return "where_" + suffix(t); }

    static String addcmul(DType t) { return "addcmul_" + suffix(t); }

    static String softmax(DType t) { return "softmax_" + suffix(t); }

    static String sort(DType t) { return "sort_" + suffix(t); }

    static String gather(DType t) { return "gather_" + suffix(t); }

    static String scatter(ScatterMode mode, DType t) { return "scatter_" + lower(mode) + "_" + suffix(t); }

    static String random(Distribution d, DType t) { return "random_" + lower(d) + "_" + suffix(t); }

    static String maxPool2d(DType t) { return "max_pool2d_" + suffix(t); }

    static String avgPool2d(DType t) { return "avg_pool2d_" + suffix(t); }

    static String avgPool2dBackward(DType t) { return "avg_pool2d_backward_" + suffix(t); }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }
}
