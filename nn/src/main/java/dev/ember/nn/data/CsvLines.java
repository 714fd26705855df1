package dev.ember.nn.data;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

import java.util.ArrayList;
import java.util.List;

/**
 * Receives FastCSV's fields and hands {@link CsvReader} one {@link Line} per record, refusing on the spot a
 * line over the length or field limit and a NUL character (UTF-16 without a byte order mark, or not text), so
 * memory stays bounded by the limits whatever the file holds.
 */
final class CsvLines extends CsvCallbackHandler<CsvLines.Line> {
    /** One record: the line it starts on, its fields as written (unquoted, unescaped), whether any was quoted. */
    record Line(long number, List<String> fields, boolean quoted) {}

    private final String name;
    private final int maxLength;
    private final int maxFields;
    private long number;
    private List<String> fields;
    private long length;
    private boolean quoted;
    private RecordType type;

    CsvLines(String name, int maxLength, int maxFields) {
        this.name = name;
        this.maxLength = maxLength;
        this.maxFields = maxFields;
    }

    /** The line the record being read starts on. */
    long number() { return number; }

    @Override
    protected void beginRecord(long startingLineNumber) {
        number = startingLineNumber;
        fields = new ArrayList<>();
        length = -1;
        quoted = false;
        type = RecordType.DATA;
    }

    @Override
    protected void addField(char[] buffer, int offset, int count, boolean quotedField) {
        length += count + 1;
        if (length > maxLength) {
            throw new CsvFormatException(name, "line " + number + ": longer than the limit of " + maxLength + " characters");
        }
        if (fields.size() == maxFields) {
            throw new CsvFormatException(name, "line " + number + ": more than the limit of " + maxFields + " fields");
        }
        for (int i = offset; i < offset + count; i++) {
            if (buffer[i] == 0) {
                throw new CsvFormatException(name, "line " + number + ": a NUL character in field " + (fields.size() + 1)
                        + ": is this UTF-16 without a byte order mark, or not text? (CSV files are read as UTF-8, or as UTF-16 after a byte order mark)");
            }
        }
        fields.add(new String(buffer, offset, count));
        quoted |= quotedField;
    }

    @Override
    protected void setComment(char[] buffer, int offset, int count) {
        throw new IllegalStateException("comments are off");
    }

    @Override
    protected void setEmpty() { type = RecordType.EMPTY; }

    @Override
    protected RecordType getRecordType() { return type; }

    @Override
    protected int getFieldCount() { return fields.size(); }

    @Override
    protected Line buildRecord() { return new Line(number, fields, quoted); }
}
