package dev.ember.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, raw or gzipped (recognised by the gzip magic bytes, not the name). The whole file is
 * checked before anything is returned: the magic number (two zero bytes, a known type code, 1 to 8 dims), the
 * dims, and that the data is exactly as long as the dims say. A truncated, corrupt or over-long file throws an
 * {@link IOException} naming the file and what is wrong; there is never a partial result.
 *
 * <pre>{@code
 * IdxData labels = IdxReader.read(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * Tensor y = labels.toLongTensor();                                          // int64 [60000]
 * }</pre>
 */
public final class IdxReader {
    private static final int MAX_DIMS = 8;

    private IdxReader() {}

    public static IdxData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads from {@code in} (raw or gzipped); {@code name} says where it came from in error messages. */
    public static IdxData read(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream source = buffered;
        if (b0 == 0x1F && b1 == 0x8B) {
            try {
                source = new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            } catch (IOException e) {
                throw new IOException(name + ": corrupt gzip header: " + e.getMessage(), e);
            }
        }
        try {
            return parse(new DataInputStream(source), name);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated: the file ends inside the IDX header", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name + ":")) throw e;
            throw new IOException(name + ": cannot read the IDX data (corrupt gzip stream?): " + e, e);
        }
    }

    private static IdxData parse(DataInputStream in, String name) throws IOException {
        int zero = in.readUnsignedShort();
        int code = in.readUnsignedByte();
        int rank = in.readUnsignedByte();
        int magic = (zero << 16) | (code << 8) | rank;
        if (zero != 0) {
            throw new IOException(name + ": not an IDX file: magic number 0x" + String.format("%08X", magic)
                    + " does not start with two zero bytes");
        }
        IdxData.Type type = IdxData.Type.of(code);
        if (type == null) {
            throw new IOException(name + ": unknown IDX type code 0x" + String.format("%02X", code)
                    + " (known: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)");
        }
        if (rank < 1 || rank > MAX_DIMS) throw new IOException(name + ": IDX header says " + rank + " dims; expected 1 to " + MAX_DIMS);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int d = in.readInt();
            if (d < 0) throw new IOException(name + ": dim " + i + " is " + Integer.toUnsignedString(d) + ", too large");
            dims[i] = d;
            count *= d;
            if (count * type.bytes > Integer.MAX_VALUE - 16) {
                throw new IOException(name + ": dims " + Arrays.toString(Arrays.copyOf(dims, i + 1)) + "... of " + type
                        + " need more than 2 GiB; not supported");
            }
        }
        int expected = (int) (count * type.bytes);
        byte[] data = new byte[expected];
        int got = 0;
        try {
            for (int r; got < expected && (r = in.read(data, got, expected - got)) >= 0; ) got += r;
        } catch (EOFException e) {
            // a gzip stream cut short ends this way rather than with read() == -1
        }
        if (got < expected) {
            throw new IOException(name + ": truncated: dims " + Arrays.toString(dims) + " of " + type + " need " + expected
                    + " bytes of data, the file has " + got);
        }
        long extra = 0;
        try {
            while (in.read() >= 0) {
                extra++;
                extra += in.skip(Long.MAX_VALUE);
            }
        } catch (EOFException e) {
            throw new IOException(name + ": truncated: the gzip stream ends before its trailer", e);
        }
        if (extra > 0) {
            throw new IOException(name + ": " + extra + " bytes after the " + expected + " bytes of data that dims "
                    + Arrays.toString(dims) + " of " + type + " describe (wrong dims or a corrupt file)");
        }
        return new IdxData(type, dims, data);
    }
}
