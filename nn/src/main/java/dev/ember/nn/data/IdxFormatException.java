package dev.ember.nn.data;

import dev.ember.nn.io.FileFormatException;

/**
 * A file that {@link IdxReader} refuses: not IDX, truncated, too long, corrupt gzip, or dims no memory holds.
 * The message is {@code "<file>: <problem>"}; {@link #file()} and {@link #problem()} give the two parts. Failures
 * to read at all (a missing file, a disk error) are other {@link IOException}s.
 *
 * <pre>{@code
 * try {
 *     IdxData d = IdxReader.read(path);
 * } catch (IdxFormatException e) {
 *     System.err.println(e.getMessage());   // "labels.gz: truncated: dims [60000] of UBYTE need 60000 bytes of data, the file has 512"
 * }
 * }</pre>
 */
public final class IdxFormatException extends FileFormatException {
    private final String file;
    private final String problem;

    IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    IdxFormatException(String file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /** The file (or stream name) that was read. */
    public String file() { return file; }

    /** What is wrong with it. */
    public String problem() { return problem; }
}
