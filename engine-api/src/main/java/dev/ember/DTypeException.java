package dev.ember;

/**
 * A dtype an op does not take (an integer tensor where a float one is needed, two operands an op will not mix). The
 * message names the op, the dtypes and the shapes. An {@link IllegalArgumentException}, so code that catches that
 * keeps working.
 *
 * <pre>{@code
 * try {
 *     Tensor.of(new int[] {1, 2}, 2).exp();
 * } catch (DTypeException e) {
 *     System.err.println(e.getMessage());   // exp: expected a float32 or float64 tensor, got int32 of shape [2]
 * }
 * }</pre>
 */
public class DTypeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DTypeException(String message) {
        super(message);
    }
}
