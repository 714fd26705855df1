package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's launchers and the Java search use one folder list: {@code dist/bundle/bin/ember-env.sh}, sourced the
 * way every launcher sources it, in a bundle-shaped folder whose Java is this test's and whose lib/ holds this
 * module's classes, sets {@code LD_LIBRARY_PATH} to exactly the folders {@link LibraryFolders} finds in-process, on a
 * fake home, conda environment and explicit folder.
 */
class LauncherFoldersTest {
    private static final Path ENV_SCRIPT = Path.of("../dist/bundle/bin/ember-env.sh");

    @TempDir
    Path root;

    private Path folder(String relative, String... files) throws IOException {
        Path folder = Files.createDirectories(root.resolve(relative));
        for (String file : files) Files.createFile(folder.resolve(file));
        return folder;
    }

    @Test
    void theLaunchersLibraryPathIsTheJavaSearchsFoldersThatHoldALibrary() throws Exception {
        assumeTrue(Files.exists(ENV_SCRIPT), "no " + ENV_SCRIPT.toAbsolutePath() + " (not run from engine-cuda/)");
        Path home = folder("home");
        Path cu13 = folder("home/.local/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13",
                "libcublasLt.so.13", "libnvrtc.so.13");
        Path cudnn = folder("home/.local/lib/python3.12/site-packages/nvidia/cudnn/lib", "libcudnn.so.9");
        folder("home/.local/lib/python3.12/site-packages/nvidia/nccl/lib", "libnccl.so.2");   // none of ours
        Path conda = folder("conda");
        Path condaLib = folder("conda/lib", "libcudnn.so.9");
        Path explicit = folder("explicit", "libcublas.so.12");

        Path bundle = bundle();
        Path printer = bundle.resolve("bin/print-library-path");
        Files.writeString(printer, ". \"$(dirname \"$0\")/ember-env.sh\"\nprintf '%s' \"$LD_LIBRARY_PATH\"\n");
        var process = new ProcessBuilder("sh", printer.toString()).redirectErrorStream(true);
        process.environment().remove("LD_LIBRARY_PATH");
        process.environment().remove("VIRTUAL_ENV");
        process.environment().put("HOME", home.toString());
        process.environment().put("CONDA_PREFIX", conda.toString());
        process.environment().put(LibrarySearch.ENVIRONMENT_VARIABLE, explicit.toString());
        Process run = process.start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        run.waitFor(60, TimeUnit.SECONDS);

        var variables = java.util.Map.of("HOME", home.toString(), "CONDA_PREFIX", conda.toString());
        List<Path> javaSide = LibraryFolders.holdingLibraries(new LibrarySearch(LibrarySearch.folders(
                null, explicit.toString(), variables::get, LibrarySearch.WELL_KNOWN)));
        assertEquals(javaSide.stream().map(Path::toString).collect(Collectors.joining(":")), printed);
        assertEquals(List.of(explicit, condaLib, cudnn, cu13), javaSide.subList(0, 4));
    }

    /** bin/ember-env.sh, runtime/bin/java (this JVM's) and lib/engine-cuda.jar (this module's classes). */
    private Path bundle() throws IOException {
        Path bundle = Files.createDirectories(root.resolve("ember-dist"));
        Files.createDirectories(bundle.resolve("bin"));
        Files.copy(ENV_SCRIPT, bundle.resolve("bin/ember-env.sh"));
        Files.createDirectories(bundle.resolve("runtime/bin"));
        Files.writeString(bundle.resolve("runtime/bin/java"),
                "exec '" + Path.of(System.getProperty("java.home"), "bin/java") + "' \"$@\"\n");
        bundle.resolve("runtime/bin/java").toFile().setExecutable(true);
        Files.createDirectories(bundle.resolve("lib"));
        Path classes = Path.of(LibraryFolders.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (OutputStream file = Files.newOutputStream(bundle.resolve("lib/engine-cuda.jar"));
                var jar = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, jar);
                jar.closeEntry();
            }
        }
        return bundle;
    }
}
