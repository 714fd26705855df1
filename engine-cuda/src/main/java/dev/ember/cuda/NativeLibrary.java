package dev.ember.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A loaded native library: its display name, where it came from and its symbols. Loaded libraries are never
 * unloaded (their arena is the global one), so the handles made from them stay valid.
 *
 * @param name     display name, e.g. {@code cuBLAS}
 * @param location the file it was opened from, or its soname and {@code (system loader)}
 */
record NativeLibrary(String name, String location, SymbolLookup symbols) {

    /**
     * A downcall handle for the C function {@code symbol}.
     *
     * @throws NativeLibraryException naming the function when the library does not export it
     */
    @SuppressWarnings("restricted")   // native access is what this module is for; launchers enable it
    public MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = symbols.find(symbol).orElseThrow(() -> new NativeLibraryException(
                name + " at " + location + " has no function " + symbol
                        + "; Ember needs cuBLAS 12 or 13 and cuDNN 9"));
        return Linker.nativeLinker().downcallHandle(address, descriptor);
    }

    @Override
    public String toString() {
        return name + " at " + location;
    }

    /** What {@code MethodHandle.invokeExact} threw, as an unchecked exception (downcalls throw nothing checked). */
    static RuntimeException propagate(Throwable thrown) {
        if (thrown instanceof RuntimeException e) return e;
        if (thrown instanceof Error e) throw e;
        return new IllegalStateException("native call threw " + thrown, thrown);
    }
}
