package dev.ember.cuda;

import jcuda.Pointer;

/**
 * Kernel parameters for cuLaunchKernel, which copies each parameter's bytes from the host pointer it is given:
 * a {@code Strided} struct is its {@code int[18]}, a device pointer its address, a scalar itself. Java's types say
 * which C type a value is, so every argument must already be the exact boxed type of the parameter.
 */
final class KernelArgs {
    private KernelArgs() {}

    /** A device address, to tell it apart from an {@code unsigned long long} scalar. */
    record Address(long value) {}

    static Pointer pointers(Object... args) {
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            p[i] = switch (args[i]) {
                case int[] strided -> Pointer.to(strided);
                case Address a -> Pointer.to(new long[] {a.value()});
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Double v -> Pointer.to(new double[] {v});
                case Float v -> Pointer.to(new float[] {v});
                default -> throw new IllegalArgumentException("no kernel parameter type for " + args[i].getClass().getName());
            };
        }
        return Pointer.to(p);
    }
}
