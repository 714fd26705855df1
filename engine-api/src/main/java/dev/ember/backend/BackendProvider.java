package dev.ember.backend;

import dev.ember.Device;

import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}: a backend module registers one provider in
 * {@code META-INF/services/dev.ember.backend.BackendProvider}.
 */
public interface BackendProvider {

    Device.Kind kind();

    /**
     * The backend for {@code device}, or empty with the reason in {@code problems} when it cannot load here
     * (no driver, no device, missing library).
     */
    Optional<Backend> open(Device device, StringBuilder problems);

    /** Lower numbers are preferred for the default device: CUDA before CPU. */
    int preference();
}
