package dev.ember.nn.data;

import de.siegmar.fastcsv.reader.CsvParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV file of numbers with a header row into a {@link CsvTable}. Parsing follows RFC 4180 (FastCSV
 * does it): fields may be quoted ({@code "1.5"}), and a quoted field may hold separators, line breaks and
 * {@code ""} for a quote; lines end in LF, CRLF or CR. An empty field, {@code NA}, {@code NaN} (any case) and
 * {@code N/A} mean missing and become NaN, to be dropped or imputed ({@link MissingValues}, {@link Imputer}).
 * Blank lines are skipped. The text is UTF-8, or UTF-16 when it starts with a byte order mark.
 *
 * <p>Anything wrong with the contents throws a {@link CsvFormatException} (an {@link IllegalArgumentException})
 * naming the file, the line (the header is line 1 of a file without blank lines before it) and the column
 * where there is one: a field that is not a number, a row with the wrong number of fields, a duplicate or
 * empty column name, an unclosed quote, text that is not UTF-8, a NUL character (UTF-16 without a byte order
 * mark), a line over {@link #MAX_LINE_LENGTH} characters or {@link #MAX_FIELDS} fields. Time is linear in the
 * file's length and memory bounded by the values it holds.
 *
 * <pre>{@code
 * CsvTable t = CsvReader.read(Path.of("data.csv"));
 * TensorDataset d = t.dataset("label");
 * }</pre>
 */
public final class CsvReader {
    /** The longest line (or quoted record spanning lines) read, in characters: 16 Mi. */
    public static final int MAX_LINE_LENGTH = 1 << 24;
    /** The most fields a line may have: 1 Mi. */
    public static final int MAX_FIELDS = 1 << 20;

    private static final Set<String> MISSING = Set.of("", "na", "nan", "n/a");
    private static final int MAX_VALUES = Integer.MAX_VALUE - 16;   // what one float[] can hold

    private CsvReader() {}

    public static CsvTable read(Path file) throws IOException { return read(file, ','); }

    public static CsvTable read(Path file, char delimiter) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), delimiter);
        }
    }

    /** Reads {@code in}; {@code name} says where it came from in error messages. */
    public static CsvTable read(InputStream in, String name, char delimiter) throws IOException {
        return read(in, name, delimiter, MAX_LINE_LENGTH, MAX_FIELDS);
    }

    static CsvTable read(InputStream in, String name, char delimiter, int maxLineLength, int maxFields) throws IOException {
        CsvText text = CsvText.of(in);
        CsvLines lines = new CsvLines(name, maxLineLength, maxFields);
        Table table = new Table(name);
        try (var csv = de.siegmar.fastcsv.reader.CsvReader.builder()
                .fieldSeparator(delimiter)
                .allowExtraFields(true)         // counted by Table, with the header's count in the message
                .allowMissingFields(true)
                .trimWhitespacesAroundQuotes(true)
                .maxBufferSize(maxLineLength)
                .build(lines, text)) {
            // The last record must be CsvText.END: hold each one back until the next arrives.
            CsvLines.Line last = null;
            for (CsvLines.Line line : csv) {
                if (last != null) table.add(last);
                last = line;
            }
            if (last == null || last.fields().size() != 1 || !last.quoted() || !last.fields().getFirst().isEmpty()) {
                throw new CsvFormatException(name, "line " + (last == null ? lines.number() : last.number()) + ": a quoted field is not closed");
            }
        } catch (CsvParseException e) {
            throw refusal(e, name, lines.number(), maxLineLength);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new CsvFormatException(name, "not " + text.charset() + " text, at or after line " + lines.number()
                        + " (CSV files are read as UTF-8, or as UTF-16 after a byte order mark; save it as UTF-8)");
            }
            throw e.getCause();
        }
        return table.table();
    }

    /** Our own refusal when the handler threw it (FastCSV wraps it), else FastCSV's problem with the line. */
    private static CsvFormatException refusal(CsvParseException e, String name, long line, int maxLineLength) {
        Throwable innermost = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CsvFormatException ours) return ours;
            if (t instanceof CsvParseException) innermost = t;
        }
        String problem = innermost.getMessage();
        if (problem != null && problem.contains("maximum buffer size")) {
            problem = "a field longer than the limit of " + maxLineLength + " characters (an unclosed quote?)";
        } else if (problem != null && problem.startsWith("Unexpected character after closing quote")) {
            problem = "text after the closing quote of a field; RFC 4180 allows only a separator or a line break there (" + problem + ")";
        }
        return new CsvFormatException(name, "line " + line + ": " + problem);
    }

    /** The header and the values, checked as they come. */
    private static final class Table {
        private final String name;
        private List<String> header;
        private float[] values = new float[0];
        private int rows;

        Table(String name) { this.name = name; }

        void add(CsvLines.Line line) {
            List<String> fields = line.fields();
            if (fields.size() == 1 && !line.quoted() && fields.getFirst().isBlank()) return;
            if (header == null) {
                header(line);
                return;
            }
            int cols = header.size();
            if (fields.size() != cols) {
                throw new CsvFormatException(name, "line " + line.number() + ": " + fields.size() + " fields, but the header has " + cols);
            }
            long end = (long) (rows + 1) * cols;
            if (end > MAX_VALUES) {
                throw new CsvFormatException(name, "line " + line.number() + ": more than " + MAX_VALUES + " values; a table holds at most that");
            }
            if (end > values.length) values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, Math.max(end, Math.max(1024, 2L * values.length))));
            for (int c = 0; c < cols; c++) values[rows * cols + c] = number(fields.get(c), line.number(), c);
            rows++;
        }

        private void header(CsvLines.Line line) {
            List<String> names = new ArrayList<>(line.fields().size());
            Map<String, Integer> seen = new HashMap<>();
            for (String field : line.fields()) {
                String n = field.strip();
                int c = names.size();
                if (n.isEmpty()) throw new CsvFormatException(name, "line " + line.number() + ": column " + (c + 1) + " has no name");
                Integer first = seen.putIfAbsent(n, c);
                if (first != null) {
                    throw new CsvFormatException(name, "line " + line.number() + ": column name " + quote(n) + " appears twice (columns "
                            + (first + 1) + " and " + (c + 1) + ")");
                }
                names.add(n);
            }
            header = names;
        }

        private float number(String field, long line, int column) {
            String f = field.strip();
            if (MISSING.contains(f.toLowerCase(Locale.ROOT))) return Float.NaN;
            char last = f.charAt(f.length() - 1);
            // Java's parser also takes "1f" and "1d", which no CSV means as numbers
            boolean javaSuffix = (last == 'f' || last == 'F' || last == 'd' || last == 'D') && !f.endsWith("Infinity");
            try {
                if (!javaSuffix) return (float) Double.parseDouble(f);
            } catch (NumberFormatException e) {
                // reported below with the place
            }
            throw new CsvFormatException(name, "line " + line + ", column " + (column + 1) + " (" + quote(header.get(column)) + "): "
                    + quote(field) + " is not a number (empty, NA and NaN mean missing)");
        }

        CsvTable table() {
            if (header == null) throw new CsvFormatException(name, "empty file; expected a header row");
            return new CsvTable(header, Arrays.copyOf(values, rows * header.size()), rows);
        }
    }

    /** {@code s} in quotes, cut to its first 40 characters when longer, so that a message stays one readable line. */
    static String quote(String s) {
        return s.length() <= 40 ? "\"" + s + "\"" : "\"" + s.substring(0, 40) + "...\" (" + s.length() + " characters)";
    }
}
