package dev.ember.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads IDX files, raw or gzipped (recognised by the gzip magic bytes, not the name). The whole file is
 * checked before anything is returned: the magic number (two zero bytes, a known type code, 1 to 8 dims), the
 * dims, and that the data is exactly as long as the dims say; a gzipped file is one gzip member whose CRC-32
 * and length match, with nothing after it. A truncated, corrupt or over-long file throws an
 * {@link IdxFormatException} naming the file and what is wrong; there is never a partial result.
 *
 * <p>Memory is bounded by the data actually present, never by what a header claims: the dims of a raw file are
 * checked against its size before its data is allocated, and data from a gzip stream or any other stream is
 * gathered in chunks that grow as it arrives, so a damaged header fails once the data runs out. Arrays are
 * limited to 2 GiB of data.
 *
 * <pre>{@code
 * IdxData labels = IdxReader.read(Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * Tensor y = labels.toLongTensor();                                          // int64 [60000]
 * }</pre>
 */
public final class IdxReader {
    private static final int MAX_DIMS = 8;
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 16;   // what one byte[] can hold
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {}

    /** Reads {@code file}; an {@link IdxFormatException} says what is wrong with its contents. */
    public static IdxData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.isRegularFile(file) ? Files.size(file) : -1);
        }
    }

    /** Reads from {@code in} (raw or gzipped); {@code name} says where it came from in error messages. */
    public static IdxData read(InputStream in, String name) throws IOException { return read(in, name, -1); }

    /** {@code size} is the raw file's length in bytes, or -1 where unknown. */
    private static IdxData read(InputStream in, String name, long size) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        try {
            if (b0 == 0x1F && b1 == 0x8B) {
                try (GzipMemberInputStream gzip = new GzipMemberInputStream(buffered)) {
                    return parse(new DataInputStream(new BufferedInputStream(gzip, 1 << 16)), name, -1, " after decompression");
                }
            }
            return parse(new DataInputStream(buffered), name, size, "");
        } catch (ZipException e) {
            throw new IdxFormatException(name, e.getMessage(), e);
        }
    }

    private static IdxData parse(DataInputStream in, String name, long size, String unpacked) throws IOException {
        int[] dims;
        IdxData.Type type;
        try {
            int zero = in.readUnsignedShort();
            int code = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            if (zero != 0) {
                throw new IdxFormatException(name, "not an IDX file: magic number 0x"
                        + String.format("%08X", (zero << 16) | (code << 8) | rank) + " does not start with two zero bytes");
            }
            type = IdxData.Type.of(code);
            if (type == null) {
                throw new IdxFormatException(name, "unknown IDX type code 0x" + String.format("%02X", code)
                        + " (known: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)");
            }
            if (rank < 1 || rank > MAX_DIMS) throw new IdxFormatException(name, "IDX header says " + rank + " dims; expected 1 to " + MAX_DIMS);
            dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) throw new IdxFormatException(name, "dim " + i + " is " + Integer.toUnsignedString(dims[i]) + ", more than an IDX dim can be (2^31 - 1)");
            }
        } catch (EOFException e) {
            throw new IdxFormatException(name, "truncated: the file ends inside the IDX header", e);
        }
        long needed = dataBytes(dims, type);
        String what = "dims " + Arrays.toString(dims) + " of " + type;
        if (size >= 0) {
            long present = size - 4 - 4L * dims.length;
            if (needed > present) throw new IdxFormatException(name, "truncated: " + what + " need " + bytes(needed) + " of data, the file has " + present);
            if (needed < present) throw extra(name, present - needed, needed, what);
        }
        if (needed > MAX_DATA_BYTES) throw new IdxFormatException(name, what + " need " + bytes(needed) + " of data; more than 2 GiB is not supported");

        int expected = (int) needed;
        byte[] data = new byte[size >= 0 ? expected : Math.min(expected, FIRST_CHUNK)];
        int got = 0;
        while (got < expected) {
            if (got == data.length) data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
            int r = in.read(data, got, data.length - got);
            if (r < 0) throw new IdxFormatException(name, "truncated: " + what + " need " + bytes(needed) + " of data, the file has " + got + unpacked);
            got += r;
        }
        long extra = 0;
        byte[] scratch = new byte[8192];
        for (int r; (r = in.read(scratch)) >= 0; ) extra += r;
        if (extra > 0) throw extra(name, extra, needed, what);
        return new IdxData(type, dims, data);
    }

    /** The data bytes the dims describe, or Long.MAX_VALUE when more than a long counts. */
    private static long dataBytes(int[] dims, IdxData.Type type) {
        long n = type.bytes;
        for (int d : dims) if (d == 0) return 0;
        try {
            for (int d : dims) n = Math.multiplyExact(n, d);
            return n;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String bytes(long n) { return n == Long.MAX_VALUE ? "more than 2^63 bytes" : n + " bytes"; }

    private static IdxFormatException extra(String name, long extra, long needed, String what) {
        return new IdxFormatException(name, extra + " bytes after the " + needed + " bytes of data that " + what
                + " describe (wrong dims or a corrupt file)");
    }
}
