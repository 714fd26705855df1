package dev.ember.cuda;

import dev.ember.Device;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where there is no NVIDIA driver, opening CUDA fails softly with one sentence that names what is missing. */
class ProviderWithoutDriverTest {

    private static boolean driverInstalled() {
        return Stream.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/lib64/libcuda.so.1", "/usr/lib/libcuda.so.1",
                "/usr/local/nvidia/lib64/libcuda.so.1").anyMatch(p -> Files.exists(Path.of(p)));
    }

    @Test
    void noDriverMeansNoBackendAndOneClearReason() {
        Assumptions.assumeFalse(driverInstalled(), "an NVIDIA driver is installed here");
        StringBuilder problems = new StringBuilder();
        var opened = new CudaBackendProvider().open(Device.cuda(0), problems);
        assertTrue(opened.isEmpty());
        assertTrue(problems.toString().startsWith("CUDA is not available: "), problems.toString());
        assertTrue(problems.toString().contains("libcuda.so.1"), problems.toString());
        assertFalse(problems.toString().contains("\n"), "one line: " + problems);
        assertFalse(Cuda.isAvailable());
        StringBuilder again = new StringBuilder();
        assertTrue(new CudaBackendProvider().open(Device.cuda(0), again).isEmpty());
        assertEquals(problems.toString(), again.toString(), "a second try gives the first reason");
    }
}
