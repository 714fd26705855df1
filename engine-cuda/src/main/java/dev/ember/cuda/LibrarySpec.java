package dev.ember.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * What to load for one native library: its display name and the sonames that will do, in order of preference.
 *
 * <pre>{@code
 * new LibrarySpec("cuBLAS", List.of(new LibrarySpec.Candidate("libcublas.so.13", List.of("libcublasLt.so.13"))));
 * }</pre>
 */
record LibrarySpec(String name, List<Candidate> candidates) {

    LibrarySpec {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) throw new IllegalArgumentException(name + ": no candidate sonames");
    }

    /**
     * A file loaded, by full path, from the folder that holds the candidate's soname, before the soname itself. A
     * {@code file} with a {@code *} names the shortest matching file (e.g. {@code libnvrtc-builtins.so.13*}, whose
     * minor version is part of its name). A required part missing from a folder rules the folder out; an optional one
     * missing is noted with {@code withoutIt}, what stops working.
     */
    record Part(String file, boolean required, String withoutIt) {
        static Part required(String file) {
            return new Part(file, true, "");
        }

        static Part optional(String file, String withoutIt) {
            return new Part(file, false, withoutIt);
        }
    }

    /**
     * One soname and the parts it needs loaded first, in order, from the same folder: cuBLAS needs cuBLASLt of its own
     * version, and cuDNN 9's {@code libcudnn.so.9} is a shim whose sub-libraries are opened by name (by the shim and
     * by each other) when first needed; once loaded by full path, those names find them without any library path.
     */
    record Candidate(String soname, List<Part> parts) {
        Candidate {
            parts = List.copyOf(parts);
        }

        /** A candidate whose companions are all required, loaded in the order given. */
        static Candidate of(String soname, String... companions) {
            return new Candidate(soname, java.util.Arrays.stream(companions).map(Part::required).toList());
        }

        /** The parts, then the soname itself (always required): the order they are loaded in. */
        List<Part> files() {
            var files = new ArrayList<>(parts);
            files.add(Part.required(soname));
            return files;
        }

        List<String> requiredParts() {
            return parts.stream().filter(Part::required).map(Part::file).toList();
        }
    }

    List<String> sonames() {
        return candidates.stream().map(Candidate::soname).toList();
    }
}
