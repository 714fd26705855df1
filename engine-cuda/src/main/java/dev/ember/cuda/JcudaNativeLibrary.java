package dev.ember.cuda;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * jcuda's JNI library for the driver API ({@code libJCudaDriver-12.6.0-linux-x86_64.so}): where it loads from, and
 * why it did not. jcuda first asks {@code System.loadLibrary}, which searches {@code java.library.path}; only if that
 * fails does it copy the library out of its natives jar into {@code java.io.tmpdir} and load the copy, which fails
 * where that folder is on a {@code noexec} mount. The bundle ships the library unpacked in {@code lib/native} and its
 * launchers put that folder on {@code java.library.path}, so nothing is ever copied.
 *
 * <pre>{@code
 * JcudaNativeLibrary.onLibraryPath();   // Optional[/opt/ember/lib/native/libJCudaDriver-12.6.0-linux-x86_64.so]
 * }</pre>
 */
final class JcudaNativeLibrary {
    private JcudaNativeLibrary() {}

    /** The library's file name on this platform, e.g. {@code libJCudaDriver-12.6.0-linux-x86_64.so}. */
    static String fileName() {
        return System.mapLibraryName(jcuda.LibUtils.createPlatformLibraryName("JCudaDriver-" + jcuda.JCudaVersion.get()));
    }

    /** The copy {@code System.loadLibrary} will find on {@code java.library.path}, if there is one. */
    static Optional<Path> onLibraryPath() {
        String path = System.getProperty("java.library.path", "");
        for (String folder : path.split(Pattern.quote(File.pathSeparator))) {
            if (folder.isBlank()) continue;
            Path candidate = Path.of(folder).resolve(fileName());
            if (Files.isRegularFile(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static final Pattern FAILURE = Pattern.compile("^(java\\.lang\\.UnsatisfiedLinkError|java\\.io\\.IOException|"
            + "java\\.lang\\.[A-Za-z]*Exception): (.*)$", Pattern.MULTILINE);

    /**
     * One line saying why jcuda's library did not load, from the message of the {@link UnsatisfiedLinkError} jcuda
     * throws (which nests the error of each attempt: from {@code java.library.path}, then from the natives jar).
     */
    static String explain(String message) {
        String text = String.valueOf(message);
        if (text.contains("libcuda.so")) return "the NVIDIA driver library libcuda.so.1 is not installed";
        var attempts = new ArrayList<String>();
        var matcher = FAILURE.matcher(text);
        while (matcher.find()) attempts.add(matcher.group(2).strip());
        if (attempts.isEmpty()) attempts.add(firstLine(text));
        String explanation = "jcuda's native driver library " + fileName() + " did not load: "
                + String.join("; then ", attempts);
        if (text.contains("failed to map segment") || text.contains("Operation not permitted")) {
            explanation += ". java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") looks mounted noexec:"
                    + " put a folder holding " + fileName() + " on -Djava.library.path (the bundle's launchers use"
                    + " lib/native), or set -Djava.io.tmpdir to a folder that allows executing files";
        }
        return explanation;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
