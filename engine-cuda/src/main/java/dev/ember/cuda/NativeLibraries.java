package dev.ember.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and opens cuBLAS and cuDNN, once per process.
 *
 * <p>Each folder of {@link LibrarySearch} is tried in order; in a folder that holds a candidate, its companions are
 * opened first, by full path, then the soname itself. Last, each candidate is tried by plain soname through the
 * system loader ({@code LD_LIBRARY_PATH}, {@code ldconfig}'s cache). When nothing opens, one
 * {@link NativeLibraryException} lists the sonames tried, the folders searched and what went wrong, and says which
 * property or environment variable to set.
 *
 * <pre>{@code
 * NativeLibrary cudnn = NativeLibraries.cudnn();   // throws NativeLibraryException when cuDNN 9 is not installed
 * }</pre>
 */
final class NativeLibraries {
    private NativeLibraries() {}

    static final LibrarySpec CUBLAS = new LibrarySpec("cuBLAS", List.of(
            new LibrarySpec.Candidate("libcublas.so.13", List.of("libcublasLt.so.13")),
            new LibrarySpec.Candidate("libcublas.so.12", List.of("libcublasLt.so.12"))));

    /**
     * The shim loads libcudnn_graph (handles, errors), libcudnn_ops (tensors, filters, pooling, batch norm) and
     * libcudnn_cnn (convolutions) by name when a function of theirs is first called; the others (adv, ext,
     * engines, heuristic) are loaded by those sub-libraries through their own {@code $ORIGIN} run path.
     */
    static final LibrarySpec CUDNN = new LibrarySpec("cuDNN", List.of(
            new LibrarySpec.Candidate("libcudnn.so.9",
                    List.of("libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9"))));

    private static final Loaded LOADED_CUBLAS = new Loaded(CUBLAS);
    private static final Loaded LOADED_CUDNN = new Loaded(CUDNN);

    /** cuBLAS 13 or 12, opened on first call. */
    public static NativeLibrary cublas() {
        return LOADED_CUBLAS.get();
    }

    /** cuDNN 9, opened on first call. */
    public static NativeLibrary cudnn() {
        return LOADED_CUDNN.get();
    }

    /** Opens the first candidate of {@code spec} that {@code search} or the system loader can open. */
    @SuppressWarnings("restricted")
    static NativeLibrary load(LibrarySpec spec, LibrarySearch search) {
        var notes = new ArrayList<String>();
        for (LibrarySearch.Hit hit : search.hits(spec, notes)) {
            try {
                SymbolLookup symbols = null;
                for (String file : hit.candidate().files()) {
                    symbols = SymbolLookup.libraryLookup(hit.path(file), Arena.global());
                }
                return new NativeLibrary(spec.name(), hit.path(hit.candidate().soname()).toString(), symbols);
            } catch (IllegalArgumentException cannotOpen) {
                notes.add(cannotOpen.getMessage());
            }
        }
        for (LibrarySpec.Candidate candidate : spec.candidates()) {
            try {
                SymbolLookup symbols = null;
                for (String file : candidate.files()) symbols = SymbolLookup.libraryLookup(file, Arena.global());
                return new NativeLibrary(spec.name(), candidate.soname() + " (system loader)", symbols);
            } catch (IllegalArgumentException cannotOpen) {
                notes.add("system loader: " + cannotOpen.getMessage());
            }
        }
        throw new NativeLibraryException(notFoundMessage(spec, search, notes));
    }

    static String notFoundMessage(LibrarySpec spec, LibrarySearch search, List<String> notes) {
        return spec.name() + " not found: tried " + candidatesText(spec) + " in these folders:"
                + search.describeFolders()
                + "\n  and by soname through the system loader (LD_LIBRARY_PATH, ldconfig)."
                + (notes.isEmpty() ? "" : "\n  What went wrong:\n    " + String.join("\n    ", notes))
                + "\n  Set the system property -D" + LibrarySearch.PROPERTY + "=<folder> or the environment variable "
                + LibrarySearch.ENVIRONMENT_VARIABLE + "=<folder> (several folders separated by '"
                + java.io.File.pathSeparator + "') to where " + spec.sonames().getFirst()
                + " is, e.g. .../site-packages/nvidia/cu13/lib or .../site-packages/nvidia/cudnn/lib for NVIDIA's"
                + " Python wheels.";
    }

    private static String candidatesText(LibrarySpec spec) {
        return String.join(", ", spec.candidates().stream().map(c -> c.companions().isEmpty() ? c.soname()
                : c.soname() + " (with " + String.join(", ", c.companions()) + " from the same folder)").toList());
    }

    /** A library opened at most once; a failure is remembered and thrown again, with the same message, on each call. */
    private static final class Loaded {
        private final LibrarySpec spec;
        private NativeLibrary library;
        private String failure;

        Loaded(LibrarySpec spec) {
            this.spec = spec;
        }

        synchronized NativeLibrary get() {
            if (library != null) return library;
            if (failure != null) throw new NativeLibraryException(failure);
            try {
                library = load(spec, LibrarySearch.fromEnvironment());
                return library;
            } catch (NativeLibraryException e) {
                failure = e.getMessage();
                throw e;
            }
        }
    }
}
