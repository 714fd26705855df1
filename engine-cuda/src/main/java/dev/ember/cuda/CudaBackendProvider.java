package dev.ember.cuda;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BackendProvider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the CUDA backend when the driver, a device, the kernels, cuBLAS and cuDNN all load. Anything missing is
 * reported in one sentence that says what to install or set, and the engine falls back to the CPU. A device that
 * failed to open is not tried again in this process (the JVM never retries a failed native load, and a half-made
 * attempt would hold driver resources), so every later ask gets the first, most telling reason.
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final Map<Integer, String> FAILED = new ConcurrentHashMap<>();

    @Override
    public Device.Kind kind() { return Device.Kind.CUDA; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        String known = FAILED.get(device.index());
        if (known == null) {
            try {
                return Optional.of(CudaBackends.open(device));
            } catch (ExceptionInInitializerError e) {
                known = "CUDA is not available: " + (e.getCause() == null ? e : e.getCause().getMessage());
            } catch (LinkageError e) {
                known = driverMissing(e);
            } catch (RuntimeException e) {
                known = "CUDA is not available: " + e.getMessage();
            }
            FAILED.putIfAbsent(device.index(), known);
        }
        if (!problems.isEmpty()) problems.append("; ");
        problems.append(known);
        return Optional.empty();
    }

    private static String driverMissing(Throwable e) {
        return "CUDA is not available: " + JcudaNativeLibrary.explain(e.getMessage());
    }

    @Override
    public int preference() { return 0; }
}
