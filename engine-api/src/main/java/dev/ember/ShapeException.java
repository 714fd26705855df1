package dev.ember;

/**
 * Shapes that do not fit an op: operands that do not broadcast, a matmul whose inner dims differ. The message names
 * the op and every shape. An {@link IllegalArgumentException}, so code that catches that keeps working. PyTorch raises
 * a {@code RuntimeError} with the shapes in its text.
 *
 * <pre>{@code
 * try {
 *     a.matmul(b);
 * } catch (ShapeException e) {
 *     System.err.println(e.getMessage());   // matmul: shapes [2, 3] and [4, 5] do not fit: ...
 * }
 * }</pre>
 */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }

    public ShapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
