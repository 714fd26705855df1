package dev.ember.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The data of exactly one gzip member (RFC 1952), checked to its last byte: header flags, header CRC when
 * present, deflate data, CRC-32 and length, and that nothing follows the member. {@link java.util.zip.GZIPInputStream}
 * reads concatenated members and silently drops bytes after the last one that do not look like a gzip header,
 * so a damaged or padded file would load. Every problem is a {@link ZipException} whose message says what is
 * wrong; it never allocates more than its fixed buffers. Closing it frees the inflater, not the stream beneath.
 */
final class GzipMemberInputStream extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xE0;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[1 << 16];
    private final byte[] one = new byte[1];
    private int inputEnd;        // input[0, inputEnd) was read from `in`
    private long compressed;     // bytes of `in` consumed so far, for messages
    private long size;           // bytes of data produced
    private boolean ended;

    /** Reads and checks the member's header; {@code in} is positioned at its first byte (0x1F). */
    GzipMemberInputStream(InputStream in) throws IOException {
        this.in = in;
        CRC32 headerCrc = new CRC32();
        if (headerByte(headerCrc) != 0x1F || headerByte(headerCrc) != 0x8B) throw new ZipException("not a gzip stream");
        int method = headerByte(headerCrc);
        if (method != 8) throw new ZipException("corrupt gzip header: compression method " + method + ", only 8 (deflate) exists");
        int flags = headerByte(headerCrc);
        if ((flags & RESERVED) != 0) throw new ZipException("corrupt gzip header: reserved flag bits set (flags 0x" + Integer.toHexString(flags) + ")");
        for (int i = 0; i < 6; i++) headerByte(headerCrc);                 // mtime, extra flags, OS
        if ((flags & FEXTRA) != 0) {
            int length = headerByte(headerCrc) | headerByte(headerCrc) << 8;
            for (int i = 0; i < length; i++) headerByte(headerCrc);
        }
        if ((flags & FNAME) != 0) while (headerByte(headerCrc) != 0) { /* zero-terminated name */ }
        if ((flags & FCOMMENT) != 0) while (headerByte(headerCrc) != 0) { /* zero-terminated comment */ }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int stored = headerByte(null) | headerByte(null) << 8;
            if (stored != expected) throw new ZipException("corrupt gzip header: header CRC mismatch");
        }
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = in.read();
        if (b < 0) throw new ZipException("truncated: the file ends inside the gzip header");
        compressed++;
        if (headerCrc != null) headerCrc.update(b);
        return b;
    }

    @Override
    public int read() throws IOException { return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF; }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt gzip data at compressed byte " + (compressed - inflater.getRemaining()) + ": " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
                return n;
            }
            if (inflater.finished()) {
                end();
            } else if (inflater.needsInput()) {
                inputEnd = in.read(input);
                if (inputEnd < 0) throw new ZipException("truncated: the gzip stream ends before its last block (after " + compressed + " bytes)");
                compressed += inputEnd;
                inflater.setInput(input, 0, inputEnd);
            } else if (inflater.needsDictionary()) {
                throw new ZipException("corrupt gzip data: asks for a preset dictionary, which gzip has not");
            }
        }
        return -1;
    }

    /** Reads the trailer (CRC-32, length mod 2^32, little-endian) and checks that nothing follows it. */
    private void end() throws IOException {
        int leftover = inflater.getRemaining();
        int at = inputEnd - leftover;
        long trailer = 0;
        for (int i = 0; i < 8; i++) {
            int v;
            if (at < inputEnd) {
                v = input[at++] & 0xFF;
            } else {
                v = in.read();
                if (v < 0) throw new ZipException("truncated: the gzip stream ends inside its 8-byte trailer");
                compressed++;
            }
            trailer |= (long) v << (8 * i);
        }
        long storedCrc = trailer & 0xFFFFFFFFL;
        long storedSize = trailer >>> 32;
        if (storedCrc != crc.getValue()) {
            throw new ZipException("corrupt gzip data: CRC-32 of the " + size + " data bytes is " + Long.toHexString(crc.getValue())
                    + ", the trailer says " + Long.toHexString(storedCrc));
        }
        if (storedSize != (size & 0xFFFFFFFFL)) {
            throw new ZipException("corrupt gzip data: " + size + " data bytes, the trailer says " + storedSize);
        }
        long extra = inputEnd - at;
        // counted by reading: a file's skip() may report bytes past its end
        for (int n; (n = in.read(input)) >= 0; ) extra += n;
        if (extra > 0) throw new ZipException(extra + " bytes after the end of the gzip stream (a second member, or padding)");
        ended = true;
    }

    /** Frees the inflater's native memory; the underlying stream stays open for its owner to close. */
    @Override
    public void close() { inflater.end(); }
}
