package dev.ember.cuda;

import dev.ember.cuda.kernels.KernelImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a launch's arguments against the kernel's parameters as compiled ({@code kernels.params}): cuLaunchKernel
 * copies whatever bytes it is given, so a missing, extra or swapped argument would not fail but corrupt memory.
 * The Java type of each argument says its C type ({@link KernelArgs}).
 */
final class LaunchArguments {
    private static final Map<String, List<String>> PARAMETERS = KernelImage.parameters();

    private LaunchArguments() {}

    static void check(String kernel, Object... args) {
        List<String> expected = PARAMETERS.get(kernel);
        if (expected == null) {
            throw new IllegalStateException("no CUDA kernel " + kernel + " in the compiled kernels (kernels/build.sh)");
        }
        List<String> given = new ArrayList<>(args.length);
        for (Object a : args) given.add(ptxType(a));
        if (!given.equals(expected)) {
            throw new IllegalStateException("kernel " + kernel + " takes (" + String.join(", ", expected)
                    + ") but the launch passes (" + String.join(", ", given) + ")");
        }
    }

    static String ptxType(Object arg) {
        return switch (arg) {
            case int[] s when s.length == StridedArgs.INTS -> "b8[" + 4 * StridedArgs.INTS + "]";
            case KernelArgs.Address a -> "u64";
            case Long v -> "u64";
            case Integer v -> "u32";
            case Double v -> "f64";
            case Float v -> "f32";
            default -> "?" + arg.getClass().getSimpleName();
        };
    }
}
