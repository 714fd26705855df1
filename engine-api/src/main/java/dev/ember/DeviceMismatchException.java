package dev.ember;

/**
 * Operands of one op on different devices (a CPU tensor added to a CUDA one). Ember never copies between devices
 * behind the caller's back: move one with {@code to(device)}. An {@link IllegalArgumentException}, so code that
 * catches that keeps working.
 *
 * <pre>{@code
 * try {
 *     cpuTensor.add(gpuTensor);
 * } catch (DeviceMismatchException e) {
 *     cpuTensor.to(gpuTensor.device()).add(gpuTensor);
 * }
 * }</pre>
 */
public class DeviceMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DeviceMismatchException(String message) {
        super(message);
    }
}
