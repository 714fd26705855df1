package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is opened, from where and in which order, on folder trees of empty files laid out like NVIDIA's wheels. The
 * opener only records: nothing is really loaded, except in the last test, which opens the real libcudart by full path.
 */
class PreloadTest {
    @TempDir
    Path root;

    private final List<String> opened = new ArrayList<>();

    /** Records full paths and "opens" them; a plain soname (the system loader's turn) is never found. */
    private final NativeLibraries.Opener recorder = file -> {
        if (!file.startsWith("/")) throw new IllegalArgumentException("Cannot open library: " + file);
        opened.add(file);
        return name -> Optional.empty();
    };

    private Path folder(String relative, String... files) throws IOException {
        Path folder = Files.createDirectories(root.resolve(relative));
        for (String file : files) Files.createFile(folder.resolve(file));
        return folder;
    }

    private static final String[] CUDNN_9 = {"libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9",
        "libcudnn_cnn.so.9", "libcudnn_adv.so.9", "libcudnn_engines_precompiled.so.9",
        "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9"};

    @Test
    void cudnnOpensEverySubLibraryByFullPathEachAfterWhatItNeedsAndTheShimLast() throws IOException {
        Path cudnn = folder("site-packages/nvidia/cudnn/lib", CUDNN_9);

        NativeLibrary library = NativeLibraries.load(NativeLibraries.CUDNN, new LibrarySearch(List.of(cudnn)), recorder);

        assertEquals(List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
                "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
                "libcudnn_cnn.so.9", "libcudnn_adv.so.9", "libcudnn.so.9").stream()
                .map(file -> cudnn.resolve(file).toString()).toList(), opened);
        assertEquals(cudnn.resolve("libcudnn.so.9").toString(), library.location());
        assertEquals(opened, library.files().stream().map(NativeLibrary.Opened::location).toList());
        assertEquals(List.of(), library.notes());
    }

    @Test
    void aMissingAdvIsNotedAndCudnnStillLoads() throws IOException {
        Path cudnn = folder("cudnn/lib", CUDNN_9);
        Files.delete(cudnn.resolve("libcudnn_adv.so.9"));

        NativeLibrary library = NativeLibraries.load(NativeLibraries.CUDNN, new LibrarySearch(List.of(cudnn)), recorder);

        assertEquals(7, opened.size());
        assertEquals(List.of(cudnn + " has no libcudnn_adv.so.9: cuDNN's RNN, CTC loss and attention calls fail;"
                + " Ember makes none"), library.notes());
    }

    @Test
    void aMissingEngineLibraryRulesTheFolderOutAndTheErrorNamesIt() throws IOException {
        Path partial = folder("partial/lib", CUDNN_9);
        Files.delete(partial.resolve("libcudnn_heuristic.so.9"));
        Files.delete(partial.resolve("libcudnn_engines_runtime_compiled.so.9"));

        var e = assertThrows(NativeLibraryException.class, () ->
                NativeLibraries.load(NativeLibraries.CUDNN, new LibrarySearch(List.of(partial)), recorder));

        assertEquals(List.of(), opened, "nothing of an incomplete folder is opened");
        String m = e.getMessage();
        assertTrue(m.startsWith("cuDNN not found: tried libcudnn.so.9 (with libcudnn_graph.so.9,"
                + " libcudnn_engines_precompiled.so.9, libcudnn_engines_runtime_compiled.so.9, libcudnn_heuristic.so.9,"
                + " libcudnn_ops.so.9, libcudnn_cnn.so.9 from the same folder)"), m);
        assertTrue(m.contains(partial + " has libcudnn.so.9 but not libcudnn_engines_runtime_compiled.so.9,"
                + " libcudnn_heuristic.so.9"), m);
        assertTrue(m.contains("system loader: Cannot open library: libcudnn_graph.so.9"), m);
    }

    @Test
    void aLaterCompleteFolderWinsOverAnEarlierIncompleteOne() throws IOException {
        Path partial = folder("a/lib", "libcudnn.so.9", "libcudnn_graph.so.9");
        Path complete = folder("b/lib", CUDNN_9);

        NativeLibrary library = NativeLibraries.load(NativeLibraries.CUDNN,
                new LibrarySearch(List.of(partial, complete)), recorder);

        assertEquals(complete.resolve("libcudnn.so.9").toString(), library.location());
        assertTrue(opened.stream().allMatch(path -> path.startsWith(complete.toString())), opened.toString());
    }

    @Test
    void nvrtcComesWithItsBuiltinsFromASiblingWheelFolder() throws IOException {
        Path cudnn = folder("nvidia/cudnn/lib", CUDNN_9);
        Path cu13 = folder("nvidia/cu13/lib", "libcublas.so.13", "libcublasLt.so.13", "libnvrtc.so.13",
                "libnvrtc-builtins.so.13.0");
        var search = new LibrarySearch(List.of(cudnn, cu13));

        NativeLibrary nvrtc = NativeLibraries.load(NativeLibraries.nvrtc(13), search, recorder);

        assertEquals(List.of(cu13.resolve("libnvrtc-builtins.so.13.0").toString(), cu13.resolve("libnvrtc.so.13").toString()),
                opened);
        assertEquals(cu13.resolve("libnvrtc.so.13").toString(), nvrtc.location());
    }

    @Test
    void nvrtcOfTheCudaCudnnWasBuiltForOnly() throws IOException {
        Path both = folder("cuda/lib64", "libnvrtc.so.13", "libnvrtc-builtins.so.13.0", "libnvrtc.so.12",
                "libnvrtc-builtins.so.12.8");

        NativeLibraries.load(NativeLibraries.nvrtc(12), new LibrarySearch(List.of(both)), recorder);
        assertEquals(List.of(both + "/libnvrtc-builtins.so.12.8", both + "/libnvrtc.so.12"), opened);

        assertEquals(List.of("libnvrtc.so.13", "libnvrtc.so.12"), NativeLibraries.nvrtc(0).sonames());
        assertEquals(List.of("libnvrtc.so.13"), NativeLibraries.nvrtc(13).sonames());
    }

    @Test
    void cublasOpensCublasLtFirstFromTheSameFolder() throws IOException {
        Path cu12 = folder("nvidia/cublas/lib", "libcublas.so.12", "libcublasLt.so.12");

        NativeLibrary blas = NativeLibraries.load(NativeLibraries.CUBLAS, new LibrarySearch(List.of(cu12)), recorder);

        assertEquals(List.of(cu12 + "/libcublasLt.so.12", cu12 + "/libcublas.so.12"), opened);
        assertTrue(blas.part("libcublasLt.so").isPresent());
    }

    @Test
    void cudnnComesAfterCublasAndNotesWhatOfItsHelpersIsMissing() throws IOException {
        Path cudnn = folder("nvidia/cudnn/lib", CUDNN_9);
        Path cu13 = folder("nvidia/cu13/lib", "libcublas.so.13", "libcublasLt.so.13");
        var search = new LibrarySearch(List.of(cudnn, cu13));
        var majors = new ArrayList<Integer>();

        NativeLibrary library = NativeLibraries.loadCudnn(search, recorder,
                () -> NativeLibraries.load(NativeLibraries.CUBLAS, search, recorder),
                major -> {
                    majors.add(major);
                    return NativeLibraries.load(NativeLibraries.nvrtc(major), search, recorder);
                });

        assertEquals(List.of(cu13 + "/libcublasLt.so.13", cu13 + "/libcublas.so.13"), opened.subList(0, 2));
        assertEquals(cudnn + "/libcudnn.so.9", opened.getLast());
        assertEquals(List.of(0), majors, "the fake cuDNN cannot say which CUDA it was built for");
        assertEquals(1, library.notes().size(), library.notes().toString());
        assertTrue(library.notes().getFirst().startsWith("nvrtc is not loaded, so cuDNN's runtime-compiled engines are"
                + " skipped: nvrtc not found: tried libnvrtc.so.13"), library.notes().toString());
    }

    @Test
    void aRealLibraryOpensByFullPathAndAnswersThroughItsSymbols() throws Throwable {
        Path toolkit = Path.of("/usr/local/cuda/lib64");
        assumeTrue(Files.exists(toolkit.resolve("libcudart.so.13")), "no libcudart.so.13 in " + toolkit);
        var cudart = new LibrarySpec("CUDA runtime", List.of(new LibrarySpec.Candidate("libcudart.so.13",
                List.of(LibrarySpec.Part.optional("libember-absent.so.1", "nothing")))));

        NativeLibrary library = NativeLibraries.load(cudart, new LibrarySearch(List.of(root, toolkit)),
                NativeLibraries.SYSTEM);

        assertEquals(toolkit.resolve("libcudart.so.13").toString(), library.location());
        assertEquals(List.of(toolkit + " has no libember-absent.so.1: nothing"), library.notes());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(JAVA_INT);
            int status = (int) library.function("cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS))
                    .invokeExact(version);
            assertEquals(0, status);
            assertEquals(13, version.get(JAVA_INT, 0) / 1000);
        }
    }
}
