package dev.ember.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file of numbers with a header row into a {@link CsvTable}. Fields may be quoted ({@code "1.5"});
 * an empty field, {@code NA}, {@code NaN} (any case) and {@code N/A} mean missing and become NaN, to be dropped
 * or imputed ({@link MissingValues}, {@link Imputer}). Blank lines are skipped. A field that is not a number, or a
 * row with the wrong number of fields, throws an {@link IllegalArgumentException} naming the file, the line
 * number (the header is line 1) and the column.
 *
 * <pre>{@code
 * CsvTable t = CsvReader.read(Path.of("data.csv"));
 * TensorDataset d = t.dataset("label");
 * }</pre>
 */
public final class CsvReader {
    private static final Set<String> MISSING = Set.of("", "na", "nan", "n/a");

    private CsvReader() {}

    public static CsvTable read(Path file) throws IOException { return read(file, ','); }

    public static CsvTable read(Path file, char delimiter) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), delimiter);
        }
    }

    /** Reads UTF-8 text from {@code in}; {@code name} says where it came from in error messages. */
    public static CsvTable read(InputStream in, String name, char delimiter) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        int lineNumber = 1;
        if (line == null) throw new IllegalArgumentException(name + ": empty file; expected a header row");
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        List<String> header = split(line, delimiter, name, lineNumber).stream().map(String::strip).toList();
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).isBlank()) throw new IllegalArgumentException(name + ": line 1: column " + (c + 1) + " has no name");
            if (header.indexOf(header.get(c)) != c) {
                throw new IllegalArgumentException(name + ": line 1: column name \"" + header.get(c) + "\" appears twice");
            }
        }
        int cols = header.size();
        float[] values = new float[cols * 64];
        int rows = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) continue;
            List<String> fields = split(line, delimiter, name, lineNumber);
            if (fields.size() != cols) {
                throw new IllegalArgumentException(name + ": line " + lineNumber + ": " + fields.size()
                        + " fields, but the header has " + cols);
            }
            if ((rows + 1) * cols > values.length) values = java.util.Arrays.copyOf(values, values.length * 2);
            for (int c = 0; c < cols; c++) values[rows * cols + c] = number(fields.get(c), name, lineNumber, c, header.get(c));
            rows++;
        }
        return new CsvTable(header, java.util.Arrays.copyOf(values, rows * cols), rows);
    }

    private static float number(String field, String name, int line, int column, String columnName) {
        String f = field.strip();
        if (MISSING.contains(f.toLowerCase(java.util.Locale.ROOT))) return Float.NaN;
        char last = f.charAt(f.length() - 1);
        // Java's parser also takes "1f" and "1d", which no CSV means as numbers
        boolean javaSuffix = (last == 'f' || last == 'F' || last == 'd' || last == 'D') && !f.endsWith("Infinity");
        try {
            if (!javaSuffix) return (float) Double.parseDouble(f);
        } catch (NumberFormatException e) {
            // reported below with the place
        }
        throw new IllegalArgumentException(name + ": line " + line + ", column " + (column + 1) + " (\"" + columnName
                + "\"): \"" + field + "\" is not a number (empty, NA and NaN mean missing)");
    }

    /** Splits one line on {@code delimiter}; double quotes group a field, {@code ""} inside them is a quote. */
    static List<String> split(String line, char delimiter, String name, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) throw new IllegalArgumentException(name + ": line " + lineNumber + ": a quoted field is not closed");
        fields.add(field.toString());
        return fields;
    }
}
