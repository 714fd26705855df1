package dev.ember.cuda.kernels;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where nvcc is, looked up as kernels/build.sh does: {@code $NVCC}, {@code /usr/local/cuda/bin/nvcc}, the PATH. */
final class Nvcc {
    private Nvcc() {}

    static Optional<Path> find() {
        String env = System.getenv("NVCC");
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env));
        Path standard = Path.of("/usr/local/cuda/bin/nvcc");
        if (Files.isExecutable(standard)) return Optional.of(standard);
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "nvcc");
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
