package dev.ember.nn.io;

import java.nio.file.Path;

/** A file that is not valid safetensors; the message names the file and what is wrong with it. */
public final class SafetensorsException extends FileFormatException {
    private final Path file;

    SafetensorsException(Path file, String problem) {
        super(file + ": not a valid safetensors file: " + problem);
        this.file = file;
    }

    public Path file() { return file; }
}
