package dev.ember.nn.data;

/**
 * A CSV file that {@link CsvReader} refuses: a field that is not a number, a row of the wrong length, an
 * unclosed quote, a line over the length or field limit, text that is not UTF-8 (or UTF-16 with a byte order
 * mark). The message is {@code "<file>: line <n>: <problem>"} (or {@code "<file>: <problem>"} where no line is
 * to blame); {@link #file()} and {@link #problem()} give the two parts. It is an
 * {@link IllegalArgumentException}, as the reader's errors always were; failures to read at all are
 * {@link java.io.IOException}s.
 *
 * <pre>{@code
 * try {
 *     CsvTable t = CsvReader.read(Path.of("data.csv"));
 * } catch (CsvFormatException e) {
 *     System.err.println(e.getMessage());   // data.csv: line 3, column 2 ("b"): "x7" is not a number (...)
 * }
 * }</pre>
 */
public final class CsvFormatException extends IllegalArgumentException {
    private final String file;
    private final String problem;

    CsvFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or stream name) that was read. */
    public String file() { return file; }

    /** What is wrong with it, with the line where one is to blame. */
    public String problem() { return problem; }
}
