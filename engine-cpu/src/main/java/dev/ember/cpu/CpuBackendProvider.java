package dev.ember.cpu;

import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.BackendProvider;

import java.util.Optional;

/** Registers the CPU backend with {@link java.util.ServiceLoader}; it always loads. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public Device.Kind kind() { return Device.Kind.CPU; }

    @Override
    public Optional<Backend> open(Device device, StringBuilder problems) {
        if (device.index() != 0) {
            problems.append("the CPU is device cpu:0, not ").append(device).append("; ");
            return Optional.empty();
        }
        return Optional.of(CpuBackend.INSTANCE);
    }

    @Override
    public int preference() { return 100; }
}
