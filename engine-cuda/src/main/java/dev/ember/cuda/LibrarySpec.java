package dev.ember.cuda;

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
     * One soname and the libraries it needs loaded first from the same folder ({@code companions}): cuBLAS needs
     * cuBLASLt of its own version, and cuDNN 9's {@code libcudnn.so.9} is a shim that dlopens its sub-libraries by
     * name, which finds them without any library path once they are loaded.
     */
    record Candidate(String soname, List<String> companions) {
        Candidate {
            companions = List.copyOf(companions);
        }

        /** The companions, then the soname itself: the order they are loaded in. */
        List<String> files() {
            var files = new java.util.ArrayList<>(companions);
            files.add(soname);
            return files;
        }
    }

    List<String> sonames() {
        return candidates.stream().map(Candidate::soname).toList();
    }
}
