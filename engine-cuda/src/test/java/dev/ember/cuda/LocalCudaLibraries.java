package dev.ember.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * cuBLAS 13 and cuDNN 9 unpacked from NVIDIA's wheels at {@code /opt/cudalibs} on the build machines (not on CI).
 * Tests that open them skip where they are absent.
 */
final class LocalCudaLibraries {
    private LocalCudaLibraries() {}

    static final Path CUBLAS = Path.of("/opt/cudalibs/nvidia/cu13/lib");
    static final Path CUDNN = Path.of("/opt/cudalibs/nvidia/cudnn/lib");

    /** Skips the caller unless the libraries are there, and points {@link NativeLibraries} at them. */
    static void assumePresent() {
        assumeTrue(Files.exists(CUBLAS.resolve("libcublas.so.13")) && Files.exists(CUDNN.resolve("libcudnn.so.9")),
                "cuBLAS/cuDNN are not unpacked at /opt/cudalibs");
        System.setProperty(LibrarySearch.PROPERTY, CUBLAS + File.pathSeparator + CUDNN);
    }

    /** Whether this machine has an NVIDIA driver and device, so handles can be created. */
    static boolean gpuPresent() {
        return Files.exists(Path.of("/dev/nvidiactl")) && Files.exists(Path.of("/dev/nvidia0"));
    }
}
