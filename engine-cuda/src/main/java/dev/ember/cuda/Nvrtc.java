package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * nvrtc through {@code java.lang.foreign}: only its version. Ember compiles nothing at run time; nvrtc is loaded for
 * cuDNN's runtime-compiled engines ({@link NativeLibraries#nvrtc()}), and {@code ember-info} reports which one.
 *
 * <pre>{@code
 * String v = Nvrtc.version();   // "13.0"
 * }</pre>
 */
final class Nvrtc {
    private Nvrtc() {}

    private static final NativeLibrary LIBRARY = NativeLibraries.nvrtc();

    // nvrtcResult nvrtcVersion(int* major, int* minor)
    static final MethodHandle nvrtcVersion = LIBRARY.function("nvrtcVersion",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** {@code major.minor}; needs no GPU. */
    static String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT), minor = arena.allocate(JAVA_INT);
            int status = (int) nvrtcVersion.invokeExact(major, minor);
            if (status != 0) {
                throw new CudaLibraryException("nvrtcVersion", status, "nvrtcResult " + status,
                        "nvrtcVersion failed with nvrtcResult " + status);
            }
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }
}
