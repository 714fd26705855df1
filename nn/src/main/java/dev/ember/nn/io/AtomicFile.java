package dev.ember.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced to disk,
 * then renamed over the target with an atomic move. A failure at any point (an exception while writing, a full
 * disk, a crash) leaves the previous file whole, and the temporary file is deleted where the process survives.
 *
 * <p>The temporary file of {@code name} is {@code .name.<1 to 16 lowercase hex digits>.tmp}. A killed writer
 * leaves its temporary behind; the next successful write of the same target deletes such leftovers of that
 * target, and of no other file. A writer holds an exclusive lock on its temporary until the rename, so a
 * temporary another live writer (in this or another process) is still filling is never deleted.
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

    /**
     * This process's temporaries still being written. Opening and closing a channel on one of them would drop
     * its writer's lock (POSIX locks belong to the process), so the cleanup skips them without opening them.
     */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    private AtomicFile() {}

    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        String name = absolute.getFileName().toString();
        Path tmp = createTemporary(dir, name);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 FileLock lock = tryLock(channel)) {
                content.writeTo(channel);
                channel.force(true);
                // renamed while still open and locked: a cleaner in another process sees a live writer until then
                try {
                    Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot replace " + absolute + " atomically on this file system: " + e.getMessage(), e);
                }
                moved = true;
            }
            syncDirectory(dir);
        } finally {
            try {
                if (!moved) Files.deleteIfExists(tmp);
            } finally {
                IN_PROGRESS.remove(tmp);
            }
        }
        removeStaleTemporaries(dir, name);
    }

    /**
     * A new empty file beside the target, registered as in progress before it exists. Not
     * {@code Files.createTempFile}: that makes the file owner-only (0600), and the rename would carry those
     * permissions over to the checkpoint; this gets the usual umask defaults.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            if (!IN_PROGRESS.add(tmp)) continue;
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                IN_PROGRESS.remove(tmp);
                if (attempt == 16) throw e;
            } catch (IOException | RuntimeException e) {
                IN_PROGRESS.remove(tmp);
                throw e;
            }
        }
    }

    /** Whether {@code fileName} is a temporary that {@link #createTemporary} makes for the target {@code name}. */
    static boolean isTemporaryOf(String fileName, String name) {
        String prefix = "." + name + ".";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tmp")) return false;
        int from = prefix.length(), to = fileName.length() - ".tmp".length();
        if (to - from < 1 || to - from > 16) return false;
        for (int i = from; i < to; i++) {
            char c = fileName.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /**
     * Deletes the temporaries of {@code name} that no live writer holds: those whose lock this process gets.
     * Best effort: a write that succeeded never fails here.
     */
    private static void removeStaleTemporaries(Path dir, String name) {
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir, p -> isTemporaryOf(p.getFileName().toString(), name))) {
            for (Path candidate : candidates) {
                if (IN_PROGRESS.contains(candidate)) continue;
                try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE);
                     FileLock lock = channel.tryLock()) {
                    if (lock != null) Files.deleteIfExists(candidate);
                } catch (IOException | OverlappingFileLockException e) {
                    // gone already, locked in a way we cannot test, or not ours to delete: leave it
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the directory could not be listed; the leftovers stay until a later write
        }
    }

    /** An exclusive lock on the temporary, or null where the file system has no locks (it is then unguarded). */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            return null;
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
