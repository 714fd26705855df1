package dev.ember.distributed;

import dev.ember.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A native library opened by the system loader ({@code dlopen}, so {@code LD_LIBRARY_PATH} and the system folders),
 * never unloaded: its functions as downcall handles and its global symbols as addresses. A missing library or symbol
 * throws {@link BackendUnavailableException} naming it and what to install.
 *
 * @param name     display name, e.g. {@code Open MPI}
 * @param location the file name it was opened by, e.g. {@code libmpi.so.40}
 * @param install  what a user does to get it, quoted in errors
 */
record NativeLibrary(String name, String location, String install, SymbolLookup symbols) {

    /** Opens the first of {@code files} the loader finds (an explicit path or a soname). */
    static NativeLibrary open(String name, List<String> files, String install) {
        List<String> failures = new ArrayList<>();
        for (String file : files) {
            try {
                return new NativeLibrary(name, file, install, SymbolLookup.libraryLookup(file, Arena.global()));
            } catch (IllegalArgumentException e) {
                failures.add(file);
            }
        }
        throw new BackendUnavailableException(name + " is not available: none of " + failures
                + " could be loaded (searched with LD_LIBRARY_PATH and the system folders); " + install);
    }

    /** A downcall handle for the C function {@code symbol}. */
    @SuppressWarnings("restricted")   // native access is what this module is for; launchers enable it
    MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(address(symbol), descriptor, options);
    }

    /** The address of the global {@code symbol} (a function or a variable). */
    MemorySegment address(String symbol) {
        return symbols.find(symbol).orElseThrow(() -> new BackendUnavailableException(
                name + " at " + location + " has no symbol " + symbol + "; " + install));
    }

    /** What {@code MethodHandle.invokeExact} threw, as an unchecked exception (downcalls throw nothing checked). */
    static RuntimeException propagate(Throwable thrown) {
        if (thrown instanceof RuntimeException e) return e;
        if (thrown instanceof Error e) throw e;
        return new IllegalStateException("native call threw " + thrown, thrown);
    }

    @Override
    public String toString() { return name + " at " + location; }
}
