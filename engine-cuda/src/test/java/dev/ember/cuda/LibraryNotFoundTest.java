package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one error a missing library gives. The sonames are made up, so neither the folders (which hold no complete
 * candidate, so nothing is opened there) nor the system loader can find them on any machine.
 */
class LibraryNotFoundTest {
    @TempDir
    Path root;

    private static final LibrarySpec MISSING = new LibrarySpec("Nothing", List.of(
            LibrarySpec.Candidate.of("libember-absent.so.2", "libember-absent-helper.so.2"),
            LibrarySpec.Candidate.of("libember-absent.so.1")));

    @Test
    void theMessageListsSonamesFoldersWhatWentWrongAndWhatToSet() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        Path partial = Files.createDirectories(root.resolve("partial"));
        Files.createFile(partial.resolve("libember-absent.so.2"));   // its helper is missing: never opened
        Path typo = root.resolve("typo");
        var search = new LibrarySearch(List.of(empty, partial, typo));

        var e = assertThrows(NativeLibraryException.class, () -> NativeLibraries.load(MISSING, search, NativeLibraries.SYSTEM));

        String m = e.getMessage();
        assertTrue(m.startsWith("Nothing not found: tried libember-absent.so.2 (with libember-absent-helper.so.2"
                + " from the same folder), libember-absent.so.1 in these folders:"), m);
        assertTrue(m.contains("\n    " + empty + "\n    " + partial + "\n    " + typo + "  (not a folder)"), m);
        assertTrue(m.contains(partial + " has libember-absent.so.2 but not libember-absent-helper.so.2"), m);
        assertTrue(m.contains("system loader: "), m);
        assertTrue(m.contains("libember-absent.so.1"), m);
        assertTrue(m.contains("-Dember.cuda.libraryPath=<folder>"), m);
        assertTrue(m.contains("EMBER_CUDA_LIBRARY_PATH=<folder>"), m);
    }

    @Test
    void withNoFoldersAtAllTheMessageSaysSo() {
        var e = assertThrows(NativeLibraryException.class,
                () -> NativeLibraries.load(MISSING, new LibrarySearch(List.of()), NativeLibraries.SYSTEM));

        assertTrue(e.getMessage().contains("in these folders: (none)"), e.getMessage());
    }
}
