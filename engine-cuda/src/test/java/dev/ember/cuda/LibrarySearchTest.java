package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where libraries are looked for, on temporary folders holding empty files that are never opened. */
class LibrarySearchTest {
    @TempDir
    Path root;

    private Path folder(String relative) throws IOException {
        return Files.createDirectories(root.resolve(relative));
    }

    private static void touch(Path folder, String... files) throws IOException {
        for (String file : files) Files.createFile(folder.resolve(file));
    }

    private static final LibrarySpec BLAS = NativeLibraries.CUBLAS;

    /** Only {@code HOME} is set, to {@code home}. */
    private static UnaryOperator<String> home(Path home) {
        return name -> name.equals("HOME") ? home.toString() : null;
    }

    @Test
    void propertyFoldersComeFirstThenTheEnvironmentThenWellKnownOnesEachOnce() throws IOException {
        Path a = folder("a"), b = folder("b"), c = folder("c"), wellKnown = folder("cuda/lib64");
        String property = a + File.pathSeparator + b;
        String environment = c + File.pathSeparator + a;   // a again: kept where it first appears

        var search = new LibrarySearch(LibrarySearch.folders(property, environment, home(root),
                List.of(root + "/cuda/lib64", root + "/missing/lib")));

        assertEquals(List.of(a, b, c, wellKnown), search.folders());
    }

    @Test
    void explicitFoldersThatDoNotExistStayListedSoATypoShowsInTheMessage() {
        Path typo = root.resolve("no-such-folder");
        var search = new LibrarySearch(LibrarySearch.folders(typo.toString(), null, home(root), List.of()));

        assertEquals(List.of(typo), search.folders());
        assertTrue(search.describeFolders().contains(typo + "  (not a folder)"), search.describeFolders());
    }

    @Test
    void patternsExpandToExistingFoldersWithNewestPythonFirst() throws IOException {
        Path py39cudnn = folder("lib/python3.9/site-packages/nvidia/cudnn/lib");
        Path py312cu13 = folder("lib/python3.12/site-packages/nvidia/cu13/lib");
        Path py312cudnn = folder("lib/python3.12/site-packages/nvidia/cudnn/lib");
        folder("lib/python3.12/site-packages/nvidia/nccl");                     // no lib folder: not listed
        Files.createFile(root.resolve("lib/python3.12/site-packages/nvidia/README"));   // a file: not listed

        var expanded = LibrarySearch.expand(root + "/lib/python3*/site-packages/nvidia/*/lib", home(root));

        assertEquals(List.of(py312cudnn, py312cu13, py39cudnn), expanded);
    }

    @Test
    void tildeIsTheHomeFolder() throws IOException {
        Path wheels = folder("home/.local/lib/python3.11/site-packages/nvidia/cu13/lib");

        assertEquals(List.of(wheels),
                LibrarySearch.expand("~/.local/lib/python3*/site-packages/nvidia/*/lib", home(root.resolve("home"))));
    }

    @Test
    void aVariableNamesItsFolderAndAnUnsetOneNamesNothing() throws IOException {
        Path env = folder("envs/torch");
        Path wheels = folder("envs/torch/lib/python3.12/site-packages/nvidia/cudnn/lib");
        UnaryOperator<String> conda = name -> name.equals("CONDA_PREFIX") ? env.toString() : null;

        assertEquals(List.of(wheels),
                LibrarySearch.expand("$CONDA_PREFIX/lib/python3*/site-packages/nvidia/*/lib", conda));
        assertEquals(List.of(env.resolve("lib")), LibrarySearch.expand("$CONDA_PREFIX/lib", conda));
        assertEquals(List.of(), LibrarySearch.expand("$VIRTUAL_ENV/lib", conda));
        assertEquals(List.of(), LibrarySearch.expand("~/.local/lib", conda));
    }

    @Test
    void theWellKnownPatternsCoverUserSystemAndCondaWheelsAndTheToolkit() {
        assertTrue(LibrarySearch.WELL_KNOWN.getFirst().endsWith("/nvidia/*/lib"));
        for (String pattern : List.of("~/.local/lib/python3*/site-packages/nvidia/*/lib",
                "$CONDA_PREFIX/lib/python3*/site-packages/nvidia/*/lib", "/opt/conda/lib/python3*/site-packages/nvidia/*/lib",
                "/usr/local/lib/python3*/dist-packages/nvidia/*/lib", "/usr/local/lib/python3*/site-packages/nvidia/*/lib",
                "/usr/lib/python3/dist-packages/nvidia/*/lib", "/usr/local/cuda/lib64")) {
            assertTrue(LibrarySearch.WELL_KNOWN.contains(pattern), pattern);
        }
    }

    @Test
    void naturalOrderComparesNumbersAsNumbers() {
        assertTrue(LibrarySearch.compareNatural("python3.9", "python3.12") < 0);
        assertTrue(LibrarySearch.compareNatural("python3.12", "python3.12") == 0);
        assertTrue(LibrarySearch.compareNatural("cu13", "cudnn") < 0);
    }

    @Test
    void anEarlierFolderWinsOverABetterSonameLaterAndWithinAFolderTheBetterSonameComesFirst() throws IOException {
        Path first = folder("first"), second = folder("second");
        touch(first, "libcublas.so.12", "libcublasLt.so.12");
        touch(second, "libcublas.so.13", "libcublasLt.so.13", "libcublas.so.12", "libcublasLt.so.12");

        var hits = new LibrarySearch(List.of(first, second)).hits(BLAS, new ArrayList<>());

        assertEquals(List.of(first, second, second), hits.stream().map(LibrarySearch.Hit::folder).toList());
        assertEquals(List.of(BLAS.candidates().get(1), BLAS.candidates().get(0), BLAS.candidates().get(1)),
                hits.stream().map(LibrarySearch.Hit::candidate).toList());
        assertEquals(List.of(first.resolve("libcublasLt.so.12"), first.resolve("libcublas.so.12")),
                hits.getFirst().paths());
    }

    @Test
    void aFolderMissingACompanionIsNoHitAndSaysWhatIsMissing() throws IOException {
        Path cudnn = folder("cudnn");
        touch(cudnn, "libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9");
        var spec = NativeLibraries.CUDNN;
        var notes = new ArrayList<String>();

        var hits = new LibrarySearch(List.of(cudnn)).hits(spec, notes);

        assertEquals(List.of(), hits);
        assertEquals(List.of(cudnn + " has libcudnn.so.9 but not libcudnn_engines_precompiled.so.9,"
                + " libcudnn_engines_runtime_compiled.so.9, libcudnn_heuristic.so.9"), notes);
    }

    @Test
    void companionsAreLoadedBeforeTheirLibrary() {
        assertEquals(List.of("libcublasLt.so.13", "libcublas.so.13"),
                NativeLibraries.CUBLAS.candidates().getFirst().files().stream().map(LibrarySpec.Part::file).toList());
    }

    @Test
    void aPatternNamesTheShortestMatchingFile() throws IOException {
        Path lib = folder("cuda/lib64");
        touch(lib, "libnvrtc-builtins.so.13.0.48", "libnvrtc-builtins.so.13.0", "libnvrtc-builtins.so.12.8");

        assertEquals(lib.resolve("libnvrtc-builtins.so.13.0"), LibrarySearch.find(lib, "libnvrtc-builtins.so.13.*"));
        assertEquals(null, LibrarySearch.find(lib, "libnvrtc-builtins.so.11.*"));
        assertEquals(null, LibrarySearch.find(root.resolve("missing"), "libnvrtc-builtins.so.13.*"));
    }
}
