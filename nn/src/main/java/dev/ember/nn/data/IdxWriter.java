package dev.ember.nn.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files, gzipped when the name ends in {@code .gz}; written to a temporary file and renamed, so a
 * crash never leaves a partial file under the name.
 *
 * <pre>{@code
 * IdxWriter.write(Path.of("labels-idx1-ubyte.gz"), new IdxData(IdxData.Type.UBYTE, new int[] {3}, new byte[] {1, 2, 3}));
 * }</pre>
 */
public final class IdxWriter {
    private IdxWriter() {}

    public static void write(Path file, IdxData idx) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                write(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw, idx);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the header and data to {@code out} and finishes it (closing a gzip stream's trailer). */
    public static void write(OutputStream out, IdxData idx) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        int[] dims = idx.dims();
        d.writeShort(0);
        d.writeByte(idx.type().code);
        d.writeByte(dims.length);
        for (int dim : dims) d.writeInt(dim);
        d.write(idx.data());
        d.close();
    }
}
