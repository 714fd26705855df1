package dev.ember.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced to disk,
 * then renamed over the target with an atomic move. A failure at any point (an exception while writing, a full
 * disk, a crash) leaves the previous file whole, and the temporary file is deleted where the process survives.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("model.safetensors"), channel -> channel.write(bytes));
 * }</pre>
 */
public final class AtomicFile {
    /** Writes the whole content to {@code channel} (positioned at 0). */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporary(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + absolute + " atomically on this file system: " + e.getMessage(), e);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file beside the target. Not {@code Files.createTempFile}: that makes the file owner-only (0600),
     * and the rename would carry those permissions over to the checkpoint; this gets the usual umask defaults.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 16) throw e;
            }
        }
    }

    /** Makes the rename itself durable; not possible on every platform (Windows), where it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data is on disk; only the directory entry's durability is left to the OS
        }
    }
}
