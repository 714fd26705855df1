package dev.ember.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders a CUDA library is looked for in, in order, and which of them hold it. Looking only checks that files
 * exist; {@link NativeLibraries} opens them.
 *
 * <p>Order: the folders of system property {@value #PROPERTY}, then those of environment variable
 * {@value #ENVIRONMENT_VARIABLE} (both lists split on {@link File#pathSeparator}), then {@link #WELL_KNOWN} (the active
 * conda or virtual environment, the user's and the system's Python wheels, since a CUDA 13 machine with PyTorch has
 * its libraries there, then conda, the CUDA toolkit and the distribution's folder). A folder is listed once, where it first appears. The system loader's own search
 * ({@code LD_LIBRARY_PATH}, {@code ldconfig}) comes after all of these and is {@link NativeLibraries}' business.
 *
 * <pre>{@code
 * LibrarySearch.fromEnvironment().hits(NativeLibraries.CUDNN, notes);   // where libcudnn.so.9 and its sub-libraries are
 * }</pre>
 */
final class LibrarySearch {
    static final String PROPERTY = "ember.cuda.libraryPath";
    static final String ENVIRONMENT_VARIABLE = "EMBER_CUDA_LIBRARY_PATH";

    /**
     * Folder patterns, most specific first: {@code *} matches within one path segment, {@code ~} is the user's home
     * folder ({@code $HOME}), and {@code $NAME} an environment variable (a pattern whose variable is unset gives no
     * folder). NVIDIA's Python wheels (what PyTorch installs) put each part in {@code site-packages/nvidia/<part>/lib}
     * ({@code cu13/lib} holds cuBLAS and nvrtc for CUDA 13, {@code cudnn/lib} cuDNN, {@code cublas/lib} and
     * {@code cuda_nvrtc/lib} those of CUDA 12); conda's own packages put them in {@code <env>/lib}. The launchers get
     * their library path from this list too ({@link LibraryFolders}), so there is one list.
     */
    static final List<String> WELL_KNOWN = List.of(
            "$CONDA_PREFIX/lib/python3*/site-packages/nvidia/*/lib",
            "$CONDA_PREFIX/lib",
            "$VIRTUAL_ENV/lib/python3*/site-packages/nvidia/*/lib",
            "~/.local/lib/python3*/site-packages/nvidia/*/lib",
            "/usr/local/lib/python3*/dist-packages/nvidia/*/lib",
            "/usr/local/lib/python3*/site-packages/nvidia/*/lib",
            "/usr/lib/python3/dist-packages/nvidia/*/lib",
            "/opt/conda/lib/python3*/site-packages/nvidia/*/lib",
            "/opt/conda/lib",
            "/usr/local/cuda/lib64",
            "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/x86_64-linux-gnu");

    /**
     * A folder that holds a candidate and all its required parts: the files to open there, in order, and a note for
     * each optional part it lacks.
     */
    record Hit(Path folder, LibrarySpec.Candidate candidate, List<Step> steps, List<String> notes) {
        Hit {
            steps = List.copyOf(steps);
            notes = List.copyOf(notes);
        }

        List<Path> paths() {
            return steps.stream().map(Step::path).toList();
        }
    }

    /** One file to open: the part it is and where it is. */
    record Step(LibrarySpec.Part part, Path path) {}

    private final List<Path> folders;

    LibrarySearch(List<Path> folders) {
        this.folders = List.copyOf(new LinkedHashSet<>(folders));
    }

    /** The search this process is configured for: the property, the environment variable, the well-known folders. */
    static LibrarySearch fromEnvironment() {
        return new LibrarySearch(folders(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE),
                LibrarySearch::environment, WELL_KNOWN));
    }

    /** {@code $HOME} as Python's {@code ~} sees it (pip's {@code --user} folder), else Java's idea of home. */
    private static String environment(String name) {
        String value = System.getenv(name);
        if (name.equals("HOME") && (value == null || value.isEmpty())) return System.getProperty("user.home");
        return value;
    }

    /**
     * The explicit folders (property, then environment variable; kept even when missing, so a typo shows in the
     * error message) followed by the existing folders the patterns expand to.
     */
    static List<Path> folders(String property, String environment, UnaryOperator<String> variables,
            List<String> patterns) {
        var folders = new ArrayList<Path>();
        folders.addAll(split(property));
        folders.addAll(split(environment));
        for (String pattern : patterns) folders.addAll(expand(pattern, variables));
        return folders;
    }

    private static List<Path> split(String pathList) {
        if (pathList == null || pathList.isBlank()) return List.of();
        var paths = new ArrayList<Path>();
        for (String part : pathList.split(Pattern.quote(File.pathSeparator))) {
            if (!part.isBlank()) paths.add(Path.of(part.strip()));
        }
        return paths;
    }

    /**
     * The existing folders an absolute pattern names; where a segment has a {@code *}, every matching sub-folder in
     * natural order, highest first (so {@code python3.12} comes before {@code python3.9}). {@code variables} gives
     * the values of {@code ~} ({@code HOME}) and {@code $NAME}; unset or empty, the pattern names nothing.
     */
    static List<Path> expand(String pattern, UnaryOperator<String> variables) {
        String absolute = substitute(pattern, variables);
        if (absolute == null) return List.of();
        if (!Path.of(absolute).isAbsolute()) throw new IllegalArgumentException("not an absolute pattern: " + pattern);
        List<Path> level = List.of(Path.of(absolute).getRoot());
        for (Path segment : Path.of(absolute)) {
            var next = new ArrayList<Path>();
            for (Path parent : level) {
                if (segment.toString().contains("*")) next.addAll(matchingFolders(parent, segment.toString()));
                else if (Files.isDirectory(parent.resolve(segment))) next.add(parent.resolve(segment));
            }
            level = next;
        }
        return level;
    }

    /** The pattern with its leading {@code ~} or {@code $NAME} replaced; null when that variable is unset. */
    private static String substitute(String pattern, UnaryOperator<String> variables) {
        String name, rest;
        if (pattern.startsWith("~/")) {
            name = "HOME";
            rest = pattern.substring(1);
        } else if (pattern.startsWith("$")) {
            int slash = pattern.indexOf('/');
            name = pattern.substring(1, slash < 0 ? pattern.length() : slash);
            rest = slash < 0 ? "" : pattern.substring(slash);
        } else {
            return pattern;
        }
        String value = variables.apply(name);
        return value == null || value.isBlank() ? null : value + rest;
    }

    private static List<Path> matchingFolders(Path parent, String glob) {
        if (!Files.isDirectory(parent)) return List.of();
        var matches = new ArrayList<Path>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, glob)) {
            for (Path child : children) if (Files.isDirectory(child)) matches.add(child);
        } catch (IOException unreadable) {
            return List.of();   // a folder we may not list holds nothing we can load
        }
        matches.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), LibrarySearch::compareNatural)
                .reversed());
        return matches;
    }

    private static final Pattern RUN = Pattern.compile("\\d+|\\D+");

    /** Compares runs of digits as numbers and everything else as text: {@code python3.9 < python3.12}. */
    static int compareNatural(String a, String b) {
        Matcher ma = RUN.matcher(a), mb = RUN.matcher(b);
        while (ma.find() && mb.find()) {
            String ra = ma.group(), rb = mb.group();
            boolean digits = Character.isDigit(ra.charAt(0)) && Character.isDigit(rb.charAt(0));
            int c = digits ? new java.math.BigInteger(ra).compareTo(new java.math.BigInteger(rb)) : ra.compareTo(rb);
            if (c != 0) return c;
        }
        return Integer.compare(a.length(), b.length());
    }

    List<Path> folders() {
        return folders;
    }

    /**
     * Every folder that holds one of the spec's candidates with all its required parts, in search order (for each
     * folder, the candidates in order of preference: an explicit folder wins over a preferred soname elsewhere). A
     * folder holding the soname but missing a required part is not a hit; {@code notes} gets a line saying what is
     * missing.
     */
    List<Hit> hits(LibrarySpec spec, List<String> notes) {
        var hits = new ArrayList<Hit>();
        for (Path folder : folders) {
            for (LibrarySpec.Candidate candidate : spec.candidates()) {
                if (!Files.exists(folder.resolve(candidate.soname()))) continue;
                var steps = new ArrayList<Step>();
                var missing = new ArrayList<String>();
                var hitNotes = new ArrayList<String>();
                for (LibrarySpec.Part part : candidate.files()) {
                    Path path = find(folder, part.file());
                    if (path != null) steps.add(new Step(part, path));
                    else if (part.required()) missing.add(part.file());
                    else hitNotes.add(folder + " has no " + part.file() + ": " + part.withoutIt());
                }
                if (missing.isEmpty()) hits.add(new Hit(folder, candidate, steps, hitNotes));
                else notes.add(folder + " has " + candidate.soname() + " but not " + String.join(", ", missing));
            }
        }
        return hits;
    }

    /** The file {@code name} names in {@code folder}, or with a {@code *} the shortest match; null if none. */
    static Path find(Path folder, String name) {
        if (!name.contains("*")) return Files.exists(folder.resolve(name)) ? folder.resolve(name) : null;
        if (!Files.isDirectory(folder)) return null;
        var matches = new ArrayList<Path>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder, name)) {
            for (Path child : children) matches.add(child);
        } catch (IOException unreadable) {
            return null;
        }
        return matches.stream().min(Comparator.comparing((Path p) -> p.getFileName().toString().length())
                .thenComparing(p -> p.getFileName().toString())).orElse(null);
    }

    /** The folders for an error message, marking the explicit ones that do not exist. */
    String describeFolders() {
        if (folders.isEmpty()) return " (none)";
        var lines = new StringBuilder();
        for (Path folder : folders) {
            lines.append("\n    ").append(folder);
            if (!Files.isDirectory(folder)) lines.append("  (not a folder)");
        }
        return lines.toString();
    }
}
