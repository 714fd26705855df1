package dev.ember.cuda.kernels;

import dev.ember.backend.BinaryOp;
import dev.ember.backend.Distribution;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.UnaryOp;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every kernel name kernels/ABI.md's table implies, its rules written out: op names are the engine enums' names in
 * lower case, dtype suffixes {@code b i32 i64 f32 f64}, and {@code f16 bf16} where the half types have kernels.
 */
final class AbiKernelNames {
    private AbiKernelNames() {}

    static final List<String> ALL = List.of("b", "i32", "i64", "f32", "f64");
    /** ABI.md: fill and copy also take {@code f16 bf16}. */
    static final List<String> WITH_HALVES = List.of("b", "i32", "i64", "f32", "f64", "f16", "bf16");
    static final List<String> FLOATS = List.of("f32", "f64");
    /** ABI.md: the elementwise float ops also take {@code f16 bf16}. */
    static final List<String> HALVES = List.of("f16", "bf16");
    static final List<String> INTS = List.of("i32", "i64");

    /** ABI.md: "{@code neg abs sign relu step floor ceil round trunc}: also {@code i32 i64}". */
    static final Set<UnaryOp> UNARY_ON_INTEGERS =
            EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.RELU, UnaryOp.STEP,
                    UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND, UnaryOp.TRUNC);

    /** ABI.md: "{@code div pow atan2 hypot} on {@code f32 f64} only". */
    static final Set<BinaryOp> BINARY_FLOATS_ONLY = EnumSet.of(BinaryOp.DIV, BinaryOp.POW, BinaryOp.ATAN2, BinaryOp.HYPOT);

    static Set<String> all() {
        Set<String> names = new TreeSet<>();
        for (String t : WITH_HALVES) names.add("fill_" + t);
        for (String s : WITH_HALVES) for (String d : WITH_HALVES) names.add("copy_" + s + "_" + d);
        for (UnaryOp op : UnaryOp.values()) {
            List<String> types = op == UnaryOp.LOGICAL_NOT ? ALL : FLOATS;
            for (String t : types) names.add(name(op) + "_" + t);
            for (String t : HALVES) names.add(name(op) + "_" + t);
            if (UNARY_ON_INTEGERS.contains(op)) for (String t : INTS) names.add(name(op) + "_" + t);
        }
        for (BinaryOp op : BinaryOp.values()) {
            for (String t : BINARY_FLOATS_ONLY.contains(op) ? FLOATS : ALL) names.add(name(op) + "_" + t);
            for (String t : HALVES) names.add(name(op) + "_" + t);
        }
        for (String t : WITH_HALVES) names.add("where_" + t);
        for (String t : FLOATS) names.add("addcmul_" + t);
        for (String t : HALVES) names.add("addcmul_" + t);
        for (ReduceOp op : ReduceOp.values()) {
            for (String t : WITH_HALVES) {
                names.add(name(op) + "_" + t);
                names.add(name(op) + "_partials_" + t);
                names.add(name(op) + "_combine_" + t);
            }
        }
        for (ScanOp op : ScanOp.values()) {
            // ABI.md: "cumsum cumprod: i64 f32 f64; cummax cummin: all 5; logcumsumexp: f32 f64; all five: f16 bf16"
            List<String> types = switch (op) {
                case CUMSUM, CUMPROD -> List.of("i64", "f32", "f64");
                case CUMMAX, CUMMIN -> ALL;
                case LOGCUMSUMEXP -> FLOATS;
            };
            for (String t : types) names.add(name(op) + "_" + t);
            for (String t : HALVES) names.add(name(op) + "_" + t);
        }
        for (String t : FLOATS) names.add("softmax_" + t);
        for (String t : HALVES) names.add("softmax_" + t);
        for (String t : WITH_HALVES) names.add("gather_" + t);
        for (String t : WITH_HALVES) names.add("sort_" + t);
        for (ScatterMode mode : ScatterMode.values()) for (String t : ALL) names.add("scatter_" + name(mode) + "_" + t);
        for (String t : HALVES) names.add("scatter_replace_" + t);   // ABI.md: the half types add in float32 (scatter_add_f32)
        for (Distribution d : Distribution.values()) {
            for (String t : FLOATS) names.add("random_" + name(d) + "_" + t);
            for (String t : HALVES) names.add("random_" + name(d) + "_" + t);
        }
        for (String t : List.of("f32", "f64", "f16", "bf16")) {
            names.add("max_pool2d_" + t);
            names.add("avg_pool2d_" + t);
            names.add("avg_pool2d_backward_" + t);
        }
        return names;
    }

    private static String name(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }
}
