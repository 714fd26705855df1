package dev.ember.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * cuBLAS and cuDNN 9 unpacked at {@code /opt/cudalibs} on the build machines (not on CI), in the folders of NVIDIA's
 * wheels: CUDA 13's {@code nvidia/cu13/lib}, or CUDA 12's {@code nvidia/cublas/lib}, beside {@code nvidia/cudnn/lib}.
 * Tests that open them skip where they are absent.
 */
final class LocalCudaLibraries {
    private LocalCudaLibraries() {}

    static final Path CUBLAS_13 = Path.of("/opt/cudalibs/nvidia/cu13/lib");
    static final Path CUBLAS_12 = Path.of("/opt/cudalibs/nvidia/cublas/lib");
    static final Path CUDNN = Path.of("/opt/cudalibs/nvidia/cudnn/lib");

    /** Skips the caller unless the libraries are there, and points {@link NativeLibraries} at them. */
    static void assumePresent() {
        assumeTrue(Files.exists(cublasFile()) && Files.exists(CUDNN.resolve("libcudnn.so.9")),
                "cuBLAS/cuDNN are not unpacked at /opt/cudalibs");
        System.setProperty(LibrarySearch.PROPERTY, cublasFile().getParent() + File.pathSeparator + CUDNN);
    }

    /** {@code libcublas.so.13} where it is unpacked, else {@code libcublas.so.12}. */
    static Path cublasFile() {
        Path thirteen = CUBLAS_13.resolve("libcublas.so.13");
        return Files.exists(thirteen) ? thirteen : CUBLAS_12.resolve("libcublas.so.12");
    }

    /** The major version of {@link #cublasFile}: 13 or 12. */
    static int cublasMajor() {
        return cublasFile().getFileName().toString().endsWith(".13") ? 13 : 12;
    }

    /** Whether this machine has an NVIDIA driver and device, so handles can be created. */
    static boolean gpuPresent() {
        return Files.exists(Path.of("/dev/nvidiactl")) && Files.exists(Path.of("/dev/nvidia0"));
    }
}
