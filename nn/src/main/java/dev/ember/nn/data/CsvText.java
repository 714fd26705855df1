package dev.ember.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a CSV file for the parser: UTF-8, or UTF-16 when a byte order mark says so (the mark
 * itself dropped), decoded strictly so that bytes that are not text throw rather than turn into U+FFFD, and
 * followed by {@link #END}.
 */
final class CsvText extends Reader {
    /**
     * Appended to the file: a line holding one quoted empty field. The parser returns it as the last record
     * exactly when every quoted field of the file was closed; an unclosed quote swallows it into its field.
     */
    static final String END = "\n\"\"\n";

    private final Reader text;
    private final Charset charset;
    private int endAt = -1;              // chars of END given so far, -1 while the file's text lasts

    private CsvText(Reader text, Charset charset) {
        this.text = text;
        this.charset = charset;
    }

    static CsvText of(InputStream in) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
        bytes.mark(3);
        byte[] head = bytes.readNBytes(3);
        bytes.reset();
        Charset charset = StandardCharsets.UTF_8;
        int mark = 0;
        if (head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            mark = 3;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            mark = 2;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            mark = 2;
        }
        bytes.skipNBytes(mark);
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return new CsvText(new InputStreamReader(bytes, decoder), charset);
    }

    /** The encoding the file is read in. */
    Charset charset() { return charset; }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        if (endAt < 0) {
            int n = text.read(buffer, offset, length);
            if (n >= 0) return n;
            endAt = 0;
        }
        if (endAt == END.length()) return -1;
        int n = Math.min(length, END.length() - endAt);
        END.getChars(endAt, endAt + n, buffer, offset);
        endAt += n;
        return n;
    }

    @Override
    public void close() throws IOException { text.close(); }
}
