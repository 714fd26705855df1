package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where jcuda's driver library loads from, and the one line that says why it did not. The messages are laid out as
 * jcuda 12.6.0's LibUtils lays them out (as seen with a noexec java.io.tmpdir): a header, then the stack trace of
 * each attempt.
 */
class JcudaNativeLibraryTest {
    @TempDir
    Path root;

    private static String jcudaMessage(String fromFile, String fromResource) {
        return "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\nArchitecture         : amd64\nArchitecture bit size: 64\n"
                + "---(start of nested stack traces)---\n"
                + "Stack trace from the attempt to load the library as a file:\n" + fromFile
                + "\n\tat java.base/java.lang.System.loadLibrary(System.java:2060)\n"
                + "Stack trace from the attempt to load the library as a resource:\n" + fromResource
                + "\n\tat java.base/java.lang.System.load(System.java:2030)\n"
                + "---(end of nested stack traces)---\n";
    }

    @Test
    void aNoexecTmpdirIsNamedWithWhatToDo() {
        String message = jcudaMessage(
                "java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib",
                "java.lang.UnsatisfiedLinkError: /tmp/x/libJCudaDriver-12.6.0-linux-x86_64.so: "
                        + "/tmp/x/libJCudaDriver-12.6.0-linux-x86_64.so: failed to map segment from shared object");

        String why = JcudaNativeLibrary.explain(message);

        assertTrue(why.startsWith("jcuda's native driver library libJCudaDriver-12.6.0-linux-x86_64.so did not load:"
                + " no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib; then /tmp/x/"), why);
        assertTrue(why.contains("failed to map segment from shared object. java.io.tmpdir ("), why);
        assertTrue(why.contains("looks mounted noexec"), why);
        assertTrue(why.contains("-Djava.library.path"), why);
        assertFalse(why.contains("\n"), "one line: " + why);
    }

    @Test
    void aMissingDriverIsSaidSo() {
        String message = jcudaMessage("java.lang.UnsatisfiedLinkError: /opt/ember/lib/native/"
                + "libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file",
                "java.io.IOException: No resource found with name '/lib/libJCudaDriver-12.6.0-linux-x86_64.so'");

        assertEquals("the NVIDIA driver library libcuda.so.1 is not installed", JcudaNativeLibrary.explain(message));
    }

    @Test
    void withoutTheLibraryAnywhereBothAttemptsAreNamed() {
        String message = jcudaMessage(
                "java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib",
                "java.io.IOException: No resource found with name '/lib/libJCudaDriver-12.6.0-linux-x86_64.so'");

        String why = JcudaNativeLibrary.explain(message);

        assertTrue(why.endsWith("in java.library.path: /usr/lib; then No resource found with name"
                + " '/lib/libJCudaDriver-12.6.0-linux-x86_64.so'"), why);
        assertFalse(why.contains("noexec"), why);
    }

    @Test
    void theCopyOnJavaLibraryPathIsFound() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        Path nativeDir = Files.createDirectories(root.resolve("lib/native"));
        Path library = Files.createFile(nativeDir.resolve(JcudaNativeLibrary.fileName()));
        String saved = System.getProperty("java.library.path");
        try {
            System.setProperty("java.library.path", empty + java.io.File.pathSeparator + nativeDir);
            assertEquals(Optional.of(library), JcudaNativeLibrary.onLibraryPath());
            System.setProperty("java.library.path", empty.toString());
            assertEquals(Optional.empty(), JcudaNativeLibrary.onLibraryPath());
        } finally {
            System.setProperty("java.library.path", saved);
        }
        assertEquals("libJCudaDriver-12.6.0-linux-x86_64.so", JcudaNativeLibrary.fileName());
    }
}
