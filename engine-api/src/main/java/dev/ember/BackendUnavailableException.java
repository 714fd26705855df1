package dev.ember;

/**
 * No backend loads for a device on this machine: no module for it on the class path (add {@code dev.ember:engine-cpu}
 * or {@code engine-cuda}), or the driver, a device or a library is missing. The message says which. An
 * {@link IllegalStateException}, so code that catches that keeps working.
 *
 * <pre>{@code
 * Device device;
 * try {
 *     dev.ember.backend.Backends.of(Device.cuda(0));
 *     device = Device.cuda(0);
 * } catch (BackendUnavailableException e) {
 *     device = Device.CPU;   // e.getMessage(): why CUDA is not available here
 * }
 * }</pre>
 */
public class BackendUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
