package dev.ember.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints, one per line, the folders of {@link LibrarySearch#fromEnvironment()} that hold cuBLAS, cuDNN or nvrtc: the
 * launchers' {@code ember-env.sh} puts them on {@code LD_LIBRARY_PATH}, so that the launchers and the Java search share
 * one folder list ({@link LibrarySearch#WELL_KNOWN}). Ember opens every library it knows of by full path; the library
 * path is for anything cuDNN or cuBLAS opens by name that Ember does not know of.
 *
 * <pre>{@code
 * runtime/bin/java -cp 'lib/*' dev.ember.cuda.LibraryFolders   # /usr/lib/python3/dist-packages/nvidia/cu13/lib ...
 * }</pre>
 */
final class LibraryFolders {
    private LibraryFolders() {}

    public static void main(String[] args) {
        holdingLibraries(LibrarySearch.fromEnvironment()).forEach(System.out::println);
    }

    /** The search's folders that hold a soname of cuBLAS, cuDNN or nvrtc, in search order. */
    static List<Path> holdingLibraries(LibrarySearch search) {
        List<String> sonames = Stream.of(NativeLibraries.CUBLAS, NativeLibraries.CUDNN, NativeLibraries.nvrtc(0))
                .flatMap(spec -> spec.sonames().stream()).toList();
        return search.folders().stream()
                .filter(folder -> sonames.stream().anyMatch(soname -> Files.exists(folder.resolve(soname))))
                .toList();
    }
}
