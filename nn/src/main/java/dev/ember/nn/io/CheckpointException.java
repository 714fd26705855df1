package dev.ember.nn.io;

import java.nio.file.Path;

/**
 * A file {@link Checkpoint#load} refuses: not valid safetensors (the cause is then the
 * {@link SafetensorsException}), not an Ember checkpoint, or one that does not fit the objects it should restore.
 * The message names the file and every problem found; nothing was restored.
 */
public final class CheckpointException extends FileFormatException {
    private final Path file;

    CheckpointException(Path file, String problems) {
        super(file + ": " + problems);
        this.file = file;
    }

    CheckpointException(SafetensorsException cause) {
        super(cause.getMessage(), cause);
        this.file = cause.file();
    }

    public Path file() { return file; }
}
