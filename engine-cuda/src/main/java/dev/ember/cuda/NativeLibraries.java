package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Finds and opens cuBLAS, cuDNN and nvrtc, once per process, every file by full path.
 *
 * <p>Each folder of {@link LibrarySearch} is tried in order; in a folder that holds a candidate, its parts are opened
 * first, by full path, then the soname itself. Last, each candidate is tried by plain soname through the system loader
 * ({@code LD_LIBRARY_PATH}, {@code ldconfig}'s cache). When nothing opens, one {@link NativeLibraryException} lists
 * the sonames tried, the folders searched and what went wrong, and says which property or environment variable to
 * set.
 *
 * <p>Why by full path: cuDNN and cuBLAS open further libraries by name ({@code dlopen("libcudnn_cnn.so.9")}) when they
 * first need them, at the first convolution rather than at start-up. The system loader answers such a name with a
 * library already loaded under that soname, so opening them all here, from the folder where they were found, makes
 * the first convolution independent of {@code LD_LIBRARY_PATH}, and a missing part shows at start-up with its name.
 *
 * <pre>{@code
 * NativeLibrary cudnn = NativeLibraries.cudnn();   // throws NativeLibraryException when cuDNN 9 is not installed
 * }</pre>
 */
final class NativeLibraries {
    private NativeLibraries() {}

    static final LibrarySpec CUBLAS = new LibrarySpec("cuBLAS", List.of(
            LibrarySpec.Candidate.of("libcublas.so.13", "libcublasLt.so.13"),
            LibrarySpec.Candidate.of("libcublas.so.12", "libcublasLt.so.12")));

    /**
     * cuDNN 9's shim and its sub-libraries, each after those it depends on (cuDNN's API overview, "Dynamic Library
     * Dependency Structure"): graph (handles, errors) first, since every other part needs it and it opens the engine
     * and heuristic libraries; then those; then ops (tensors, pooling, batch norm) and cnn (convolutions), which the
     * shim opens at their first call. The engines and the heuristics are required: the legacy convolution calls Ember
     * makes run on cuDNN's engines, cuDNN's default configuration (CUDNN_LIB_CONFIG=FULL) needs every sub-library, and
     * its only smaller one (GRAPH_JIT_ONLY) drops the legacy API. adv (RNN, CTC loss, multi-head attention) is optional:
     * no other part depends on it and Ember calls none of its functions.
     */
    static final LibrarySpec CUDNN = new LibrarySpec("cuDNN", List.of(
            new LibrarySpec.Candidate("libcudnn.so.9", List.of(
                    LibrarySpec.Part.required("libcudnn_graph.so.9"),
                    LibrarySpec.Part.required("libcudnn_engines_precompiled.so.9"),
                    LibrarySpec.Part.required("libcudnn_engines_runtime_compiled.so.9"),
                    LibrarySpec.Part.required("libcudnn_heuristic.so.9"),
                    LibrarySpec.Part.required("libcudnn_ops.so.9"),
                    LibrarySpec.Part.required("libcudnn_cnn.so.9"),
                    LibrarySpec.Part.optional("libcudnn_adv.so.9",
                            "cuDNN's RNN, CTC loss and attention calls fail; Ember makes none")))));

    /**
     * nvrtc, which cuDNN's runtime-compiled engines open by name, with the builtins it opens itself (their file name
     * carries the minor version, {@code libnvrtc-builtins.so.13.0}). Without it cuDNN still works, on its precompiled
     * engines, so cuDNN only notes its absence. {@code cudaMajor} is the CUDA cuDNN was built for (0: unknown, try 13
     * then 12); cuDNN opens only its own major.
     */
    static LibrarySpec nvrtc(int cudaMajor) {
        var candidates = new ArrayList<LibrarySpec.Candidate>();
        for (int major : new int[] {13, 12}) {
            if (cudaMajor == 0 || cudaMajor == major) {
                candidates.add(LibrarySpec.Candidate.of("libnvrtc.so." + major, "libnvrtc-builtins.so." + major + ".*"));
            }
        }
        if (candidates.isEmpty()) candidates.add(LibrarySpec.Candidate.of("libnvrtc.so." + cudaMajor));
        return new LibrarySpec("nvrtc", candidates);
    }

    /** Opens one file, by full path or by plain soname; throws {@link IllegalArgumentException} when it cannot. */
    @FunctionalInterface
    interface Opener {
        SymbolLookup open(String file);
    }

    /** Opens through {@code dlopen}, the way the JDK does, into the global arena (never unloaded). */
    @SuppressWarnings("restricted")
    static final Opener SYSTEM = file -> file.contains("/")
            ? SymbolLookup.libraryLookup(Path.of(file), Arena.global())
            : SymbolLookup.libraryLookup(file, Arena.global());

    private static volatile int cudnnCudaMajor;
    private static final Loaded LOADED_CUBLAS = new Loaded(() -> load(CUBLAS, LibrarySearch.fromEnvironment(), SYSTEM));
    private static final Loaded LOADED_CUDNN = new Loaded(() -> loadCudnn(LibrarySearch.fromEnvironment(), SYSTEM,
            NativeLibraries::cublas, major -> {
                cudnnCudaMajor = major;
                return nvrtc();
            }));
    private static final Loaded LOADED_NVRTC = new Loaded(
            () -> load(nvrtc(cudnnCudaMajor), LibrarySearch.fromEnvironment(), SYSTEM));

    /** cuBLAS 13 or 12 with its cuBLASLt, opened on first call. */
    static NativeLibrary cublas() {
        return LOADED_CUBLAS.get();
    }

    /**
     * cuDNN 9 with its sub-libraries, opened on first call, after cuBLAS (for cuBLASLt, which cuDNN's convolution
     * engines open by name) and before nvrtc of the CUDA cuDNN was built for. Those two are noted when missing, not
     * fatal: without cuBLAS Ember's backend does not open anyway, and without nvrtc cuDNN keeps its precompiled engines.
     */
    static NativeLibrary cudnn() {
        return LOADED_CUDNN.get();
    }

    /** nvrtc of the CUDA cuDNN was built for (13, then 12, before cuDNN is loaded), opened on first call. */
    static NativeLibrary nvrtc() {
        return LOADED_NVRTC.get();
    }

    /**
     * cuBLAS first (what cuDNN opens comes before it), then cuDNN, then nvrtc of the CUDA cuDNN was built for
     * ({@code nvrtc} gets that major, 0 when unknown). cuDNN's notes say what of the two is missing.
     */
    static NativeLibrary loadCudnn(LibrarySearch search, Opener opener, Supplier<NativeLibrary> cublas,
            IntFunction<NativeLibrary> nvrtc) {
        var notes = new ArrayList<String>();
        NativeLibrary blas = null;
        try {
            blas = cublas.get();
        } catch (NativeLibraryException e) {
            notes.add("cuBLASLt, which cuDNN's convolution engines open, is not loaded: " + firstLine(e.getMessage()));
        }
        NativeLibrary cudnn = load(CUDNN, search, opener);
        notes.addAll(0, cudnn.notes());
        int major = cudaMajor(cudnn);
        if (blas != null && major != 0 && blas.part("libcublasLt.so." + major).isEmpty()) {
            notes.add("cuDNN was built for CUDA " + major + " but " + blas.location() + " is of another; cuDNN opens"
                    + " libcublasLt.so." + major + " by name, through LD_LIBRARY_PATH");
        }
        try {
            nvrtc.apply(major);
        } catch (NativeLibraryException e) {
            notes.add("nvrtc is not loaded, so cuDNN's runtime-compiled engines are skipped: "
                    + firstLine(e.getMessage()));
        }
        return new NativeLibrary(cudnn.name(), cudnn.location(), cudnn.symbols(), cudnn.files(), notes);
    }

    /** The CUDA major version cuDNN was built for ({@code cudnnGetCudartVersion}, e.g. 13000 gives 13); 0 if unknown. */
    private static int cudaMajor(NativeLibrary cudnn) {
        try {
            MethodHandle version = cudnn.function("cudnnGetCudartVersion", FunctionDescriptor.of(JAVA_LONG));
            return (int) ((long) version.invokeExact() / 1000);
        } catch (Throwable unknown) {
            return 0;
        }
    }

    /**
     * Opens the first candidate of {@code spec} that {@code search} or the system loader can open, with
     * {@code opener}. A required part that does not open rules out its folder; an optional one is noted.
     */
    static NativeLibrary load(LibrarySpec spec, LibrarySearch search, Opener opener) {
        var notes = new ArrayList<String>();
        for (LibrarySearch.Hit hit : search.hits(spec, notes)) {
            var opened = new ArrayList<NativeLibrary.Opened>();
            var hitNotes = new ArrayList<>(hit.notes());
            try {
                for (LibrarySearch.Step step : hit.steps()) {
                    open(opener, step.part(), step.path().getFileName().toString(), step.path().toString(), "",
                            opened, hitNotes);
                }
                return new NativeLibrary(spec.name(), opened.getLast().location(), opened.getLast().symbols(), opened,
                        hitNotes);
            } catch (IllegalArgumentException cannotOpen) {
                notes.add(cannotOpen.getMessage());
            }
        }
        for (LibrarySpec.Candidate candidate : spec.candidates()) {
            var opened = new ArrayList<NativeLibrary.Opened>();
            var systemNotes = new ArrayList<String>();
            try {
                for (LibrarySpec.Part part : candidate.files()) {
                    // a file named by pattern is one its library finds itself (nvrtc its builtins)
                    if (part.file().contains("*")) continue;
                    open(opener, part, part.file(), part.file(), " (system loader)", opened, systemNotes);
                }
                return new NativeLibrary(spec.name(), opened.getLast().location(), opened.getLast().symbols(), opened,
                        systemNotes);
            } catch (IllegalArgumentException cannotOpen) {
                notes.add("system loader: " + cannotOpen.getMessage());
            }
        }
        throw new NativeLibraryException(notFoundMessage(spec, search, notes));
    }

    /** Opens {@code target} (a full path or a soname) for {@code part}; an optional part that fails is noted. */
    private static void open(Opener opener, LibrarySpec.Part part, String file, String target, String how,
            List<NativeLibrary.Opened> opened, List<String> notes) {
        try {
            opened.add(new NativeLibrary.Opened(file, target + how, opener.open(target)));
        } catch (IllegalArgumentException cannotOpen) {
            if (part.required()) throw cannotOpen;
            notes.add(file + " did not open (" + cannotOpen.getMessage() + "): " + part.withoutIt());
        }
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
        return String.join(", ", spec.candidates().stream().map(c -> c.requiredParts().isEmpty() ? c.soname()
                : c.soname() + " (with " + String.join(", ", c.requiredParts()) + " from the same folder)").toList());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A library opened at most once; a failure is remembered and thrown again, with the same message, on each call. */
    private static final class Loaded {
        private final Supplier<NativeLibrary> loader;
        private NativeLibrary library;
        private String failure;

        Loaded(Supplier<NativeLibrary> loader) {
            this.loader = loader;
        }

        synchronized NativeLibrary get() {
            if (library != null) return library;
            if (failure != null) throw new NativeLibraryException(failure);
            try {
                library = loader.get();
                return library;
            } catch (NativeLibraryException e) {
                failure = e.getMessage();
                throw e;
            }
        }
    }
}
