package dev.ember.nn.io;

import java.io.IOException;

/**
 * A file Ember reads is damaged, truncated or not what it claims: the common type of {@link SafetensorsException},
 * {@link CheckpointException} and {@link dev.ember.nn.data.IdxFormatException}. The message names the file and
 * every problem found. An {@link IOException}, so code that catches that keeps working.
 *
 * <pre>{@code
 * try {
 *     model.loadStateDict(Safetensors.read(path).tensors());
 * } catch (FileFormatException e) {
 *     System.err.println(e.getMessage());   // "model.safetensors: not a valid safetensors file: ..."
 * }
 * }</pre>
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileFormatException(String message) {
        super(message);
    }

    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
