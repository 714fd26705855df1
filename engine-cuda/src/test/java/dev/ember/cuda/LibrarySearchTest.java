package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static final LibrarySpec BLAS = new LibrarySpec("cuBLAS", List.of(
            new LibrarySpec.Candidate("libcublas.so.13", List.of("libcublasLt.so.13")),
            new LibrarySpec.Candidate("libcublas.so.12", List.of("libcublasLt.so.12"))));

    @Test
    void propertyFoldersComeFirstThenTheEnvironmentThenWellKnownOnesEachOnce() throws IOException {
        Path a = folder("a"), b = folder("b"), c = folder("c"), wellKnown = folder("cuda/lib64");
        String property = a + File.pathSeparator + b;
        String environment = c + File.pathSeparator + a;   // a again: kept where it first appears

        var search = new LibrarySearch(LibrarySearch.folders(property, environment, root,
                List.of(root + "/cuda/lib64", root + "/missing/lib")));

        assertEquals(List.of(a, b, c, wellKnown), search.folders());
    }

    @Test
    void explicitFoldersThatDoNotExistStayListedSoATypoShowsInTheMessage() {
        Path typo = root.resolve("no-such-folder");
        var search = new LibrarySearch(LibrarySearch.folders(typo.toString(), null, root, List.of()));

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

        var expanded = LibrarySearch.expand(root + "/lib/python3*/site-packages/nvidia/*/lib", root);

        assertEquals(List.of(py312cudnn, py312cu13, py39cudnn), expanded);
    }

    @Test
    void tildeIsTheHomeFolder() throws IOException {
        Path wheels = folder("home/.local/lib/python3.11/site-packages/nvidia/cu13/lib");

        assertEquals(List.of(wheels),
                LibrarySearch.expand("~/.local/lib/python3*/site-packages/nvidia/*/lib", root.resolve("home")));
    }

    @Test
    void theWellKnownPatternsCoverNvidiaWheelsAndTheToolkit() {
        assertTrue(LibrarySearch.WELL_KNOWN.getFirst().endsWith("/nvidia/*/lib"));
        assertTrue(LibrarySearch.WELL_KNOWN.contains("/usr/local/cuda/lib64"));
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

        assertEquals(List.of(
                new LibrarySearch.Hit(first, BLAS.candidates().get(1)),
                new LibrarySearch.Hit(second, BLAS.candidates().get(0)),
                new LibrarySearch.Hit(second, BLAS.candidates().get(1))), hits);
        assertEquals(first.resolve("libcublasLt.so.12"), hits.getFirst().path("libcublasLt.so.12"));
    }

    @Test
    void aFolderMissingACompanionIsNoHitAndSaysWhatIsMissing() throws IOException {
        Path cudnn = folder("cudnn");
        touch(cudnn, "libcudnn.so.9", "libcudnn_graph.so.9");
        var spec = NativeLibraries.CUDNN;
        var notes = new ArrayList<String>();

        var hits = new LibrarySearch(List.of(cudnn)).hits(spec, notes);

        assertEquals(List.of(), hits);
        assertEquals(List.of(cudnn + " has libcudnn.so.9 but not libcudnn_ops.so.9, libcudnn_cnn.so.9"), notes);
    }

    @Test
    void companionsAreLoadedBeforeTheirLibrary() {
        assertEquals(List.of("libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn.so.9"),
                NativeLibraries.CUDNN.candidates().getFirst().files());
        assertEquals(List.of("libcublasLt.so.13", "libcublas.so.13"),
                NativeLibraries.CUBLAS.candidates().getFirst().files());
    }
}
