package dev.ember;

/**
 * A device could not give the memory an op asked for, after the backend freed what it could (for CUDA: its cache and
 * the tensors the collector found unreachable). The message names the request and what the device holds. A caller
 * can free tensors (close a scope) or use smaller batches and try again. PyTorch's twin is
 * {@code torch.OutOfMemoryError}.
 *
 * <pre>{@code
 * try {
 *     model.forward(batch);
 * } catch (DeviceOutOfMemoryException e) {
 *     System.err.println(e.getMessage() + "; retrying with half the batch");
 * }
 * }</pre>
 */
public class DeviceOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceOutOfMemoryException(String message) {
        super(message);
    }

    public DeviceOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
