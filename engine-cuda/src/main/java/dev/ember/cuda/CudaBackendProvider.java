package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BackendProvider;

import java.util.Optional;

/**
 * Opens the CUDA backend when the driver, a device, the kernels, cuBLAS and cuDNN all load. Anything missing is
 * reported in one sentence that says what to install or set, and the engine falls back to the CPU.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public Device.Kind kind() { return Device.Kind.CUDA; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        try {
            return Optional.of(CudaBackends.open(device));
        } catch (ExceptionInInitializerError e) {
            note(problems, "CUDA is not available: " + (e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (LinkageError e) {
            note(problems, driverMissing(e));
        } catch (RuntimeException e) {
            note(problems, "CUDA is not available: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String driverMissing(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libcuda.so")) {
            return "CUDA is not available: the NVIDIA driver library libcuda.so.1 is not installed";
        }
        return "CUDA is not available: jcuda's native driver library did not load (" + firstLine(message) + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void note(StringBuilder problems, String problem) {
        if (!problems.isEmpty()) problems.append("; ");
        problems.append(problem);
    }

    @Override
    public int preference() { return 0; }
}
