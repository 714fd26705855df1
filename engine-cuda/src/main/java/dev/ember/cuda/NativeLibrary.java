package dev.ember.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * A loaded native library: its display name, where it came from, its symbols, every file opened for it (its parts,
 * then itself) and notes on optional parts that were not found. Loaded libraries are never unloaded (their arena is
 * the global one), so the handles made from them stay valid.
 *
 * @param name     display name, e.g. {@code cuBLAS}
 * @param location the file it was opened from, or its soname and {@code (system loader)}
 * @param files    every file opened, in order, the library itself last
 * @param notes    what is missing and what stops working without it; empty when everything was found
 */
record NativeLibrary(String name, String location, SymbolLookup symbols, List<Opened> files, List<String> notes) {

    NativeLibrary {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    /** One file opened: the part's name (e.g. {@code libcublasLt.so.13}), where from, and its own symbols. */
    record Opened(String file, String location, SymbolLookup symbols) {}

    /** The symbols of the opened part whose name starts with {@code prefix} (e.g. {@code libcublasLt.so}). */
    Optional<Opened> part(String prefix) {
        return files.stream().filter(f -> f.file().startsWith(prefix)).findFirst();
    }

    /**
     * A downcall handle for the C function {@code symbol}.
     *
     * @throws NativeLibraryException naming the function when the library does not export it
     */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        return downcall(symbols, location, symbol, descriptor);
    }

    /**
     * A downcall handle for the C function {@code symbol} of the part whose name starts with {@code partPrefix}, e.g.
     * {@code cublasLtGetVersion} of {@code libcublasLt.so}.
     *
     * @throws NativeLibraryException naming the part or the function when either is missing
     */
    MethodHandle function(String partPrefix, String symbol, FunctionDescriptor descriptor) {
        Opened opened = part(partPrefix).orElseThrow(() -> new NativeLibraryException(
                name + " at " + location + " was loaded without " + partPrefix + "*"));
        return downcall(opened.symbols(), opened.location(), symbol, descriptor);
    }

    @SuppressWarnings("restricted")   // native access is what this module is for; launchers enable it
    private MethodHandle downcall(SymbolLookup lookup, String from, String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = lookup.find(symbol).orElseThrow(() -> new NativeLibraryException(
                name + " at " + from + " has no function " + symbol
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
