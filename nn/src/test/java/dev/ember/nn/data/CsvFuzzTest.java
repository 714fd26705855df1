package dev.ember.nn.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile CSV files: byte flips, truncation at every 1/50th, inserted quotes, separators, line breaks, NULs and
 * stray UTF-8 bytes, deleted bytes, UTF-16 with and without a byte order mark, duplicate names, trailing
 * garbage, a line over the length limit, a header over the field limit and a 200,000-column header. What a
 * file means is decided by {@link #reference}, a plain reading of RFC 4180 and of CsvReader's documented rules
 * written independently of the reader: each case loads exactly that table, or is refused with a
 * {@link CsvFormatException} naming the file and a known problem where the reference finds the file invalid.
 * Where the reference leaves the meaning open (a quote after blanks, blanks after a closing quote, which the
 * reader trims), either outcome passes and is counted. Any other exception, an OutOfMemoryError included,
 * fails. Runs in nn's {@code data-fuzz} execution, with a heap of 512 MiB.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)   // a hang guard, far above the seconds it takes
class CsvFuzzTest {
    private static final long SEED = 4180;
    private static final Map<String, String> PROBLEMS = new LinkedHashMap<>();
    private static final Set<String> MISSING = Set.of("", "na", "nan", "n/a");

    static {
        PROBLEMS.put("is not a number", "not a number");
        PROBLEMS.put("fields, but the header has", "wrong field count");
        PROBLEMS.put("has no name", "unnamed column");
        PROBLEMS.put("appears twice", "duplicate column");
        PROBLEMS.put("a quoted field is not closed", "unclosed quote");
        PROBLEMS.put("after the closing quote", "text after a closing quote");
        PROBLEMS.put("a NUL character", "NUL character");
        PROBLEMS.put("text, at or after line", "not UTF-8 (or UTF-16 after a BOM)");
        PROBLEMS.put("longer than the limit", "line over the length limit");
        PROBLEMS.put("more than the limit of", "line over the field limit");
        PROBLEMS.put("empty file", "no header");
    }

    /** What a file means: a table, invalid, or open (either outcome is right). */
    private sealed interface Meaning {}

    private record Table(List<String> columns, float[] values) implements Meaning {}

    private record Invalid(String why) implements Meaning {}

    private record Open(String why) implements Meaning {}

    @TempDir
    Path dir;
    private int caseNumber;

    @BeforeAll
    static void onlyInASmallHeap() {
        assumeTrue(Runtime.getRuntime().maxMemory() <= 600L << 20,
                "runs in nn's data-fuzz execution (-Xmx512m), where an allocation the data cannot fill shows as an OutOfMemoryError");
    }

    @Test
    void everyMutatedFileLoadsWhatItMeansOrIsRefusedNamingTheProblem() throws IOException {
        Random random = new Random(SEED);
        FuzzTally tally = new FuzzTally("CSV fuzz (seed " + SEED + ")");
        for (String original : originals(random)) {
            char delimiter = original.startsWith("x;") ? ';' : ',';
            assertInstanceOf(Table.class, reference(original.getBytes(StandardCharsets.UTF_8), delimiter));
            for (byte[] mutant : mutants(original, delimiter, random)) check(mutant, delimiter, reference(mutant, delimiter), tally);
        }
        String wide = IntStream.range(0, 200_000).mapToObj(i -> "c" + i).collect(Collectors.joining(",", "", "\n"));
        check((wide + wide.replaceAll("c\\d+", "1")).getBytes(StandardCharsets.US_ASCII), ',', null, tally);
        check(("a,b\n1," + " ".repeat(CsvReader.MAX_LINE_LENGTH) + "2\n").getBytes(StandardCharsets.US_ASCII), ',',
                new Invalid("a line over the limit"), tally);
        check(IntStream.rangeClosed(0, CsvReader.MAX_FIELDS).mapToObj(i -> "c" + i).collect(Collectors.joining(",", "", "\n"))
                .getBytes(StandardCharsets.US_ASCII), ',', new Invalid("a header over the field limit"), tally);
        System.out.println(tally);
        assertTrue(tally.cases() >= 100, tally.toString());
    }

    /** Reads {@code bytes} as a file; {@code meaning} null: whatever {@link #reference} says, computed here. */
    private void check(byte[] bytes, char delimiter, Meaning meaning, FuzzTally tally) throws IOException {
        if (meaning == null) meaning = reference(bytes, delimiter);
        Path file = dir.resolve("case-" + caseNumber++ + ".csv");
        Files.write(file, bytes);
        String description = file.getFileName() + " (" + bytes.length + " bytes, " + describe(meaning) + ")";
        CsvTable loaded = null;
        CsvFormatException refusal = null;
        try {
            loaded = CsvReader.read(file, delimiter);
        } catch (CsvFormatException e) {
            refusal = e;
            assertEquals(file.toString(), e.file(), description);
            assertEquals(file + ": " + e.problem(), e.getMessage(), description);
            assertTrue(e.getMessage().length() < 400, description + ": a long message: " + e.getMessage());
        } catch (Throwable t) {
            throw new AssertionError(description + ": threw " + t + " rather than a CsvFormatException", t);
        }
        if (meaning instanceof Open) tally.either();
        if (loaded != null) {
            if (!(meaning instanceof Open)) {
                Table expected = assertInstanceOf(Table.class, meaning, () -> description + ": loaded a file the reference refuses");
                assertEquals(expected.columns(), loaded.columns(), description);
                float[] values = loaded.rows() == 0 ? new float[0] : loaded.values().toFloatArray();
                assertTrue(Arrays.equals(expected.values(), values), description + ": values differ");
            }
            tally.loaded();
        } else {
            String message = refusal.getMessage();
            assertFalse(meaning instanceof Table, () -> description + ": a valid file was refused: " + message);
            tally.refused(refusal.problem(), PROBLEMS, description);
        }
        Files.delete(file);
    }

    private static String describe(Meaning m) {
        return switch (m) {
            case Table t -> "meaning a table of " + t.columns().size() + " columns and " + t.values().length + " values";
            case Invalid i -> "invalid: " + i.why();
            case Open o -> "open: " + o.why();
        };
    }

    private static List<String> originals(Random random) {
        StringBuilder plain = new StringBuilder("age,income,label\n");
        String[] odd = {"NA", "", "nan", "N/A", "-1e3", "2.5", "  7 ", "1E-2"};
        for (int r = 0; r < 30; r++) {
            plain.append(random.nextInt(90)).append(',')
                    .append(r % 4 == 0 ? odd[random.nextInt(odd.length)] : String.valueOf(random.nextInt(100_000) / 10.0)).append(',')
                    .append(random.nextInt(2)).append('\n');
        }
        StringBuilder quoted = new StringBuilder("\"id\",\"a,b\",\"say \"\"x\"\"\",\"two\nlines\"\r\n");
        for (int r = 0; r < 20; r++) {
            quoted.append(r).append(",\"").append(random.nextInt(1000)).append("\",").append(r % 3 == 0 ? "\"\"" : "-0.5")
                    .append(',').append(random.nextGaussian()).append("\r\n");
        }
        StringBuilder semicolons = new StringBuilder("x;y\n");
        for (int r = 0; r < 25; r++) semicolons.append(random.nextInt(10)).append(';').append(r % 5 == 0 ? "" : r * 0.25).append('\n');
        return List.of(plain.toString(), quoted.toString(), semicolons.toString());
    }

    private static List<byte[]> mutants(String original, char delimiter, Random random) {
        byte[] text = original.getBytes(StandardCharsets.UTF_8);
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            byte[] m = text.clone();
            m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            all.add(m);
        }
        for (int k = 0; k < 50; k++) all.add(Arrays.copyOf(text, text.length * k / 50));
        byte[][] inserts = {{'"'}, {(byte) delimiter}, {'\n'}, {'\r'}, {0}, {(byte) 0xFF}, {(byte) 0xC3}, {'"', '"'}, {' ', '"'}, {'"', ' '}};
        for (int i = 0; i < 20; i++) all.add(inserted(text, random.nextInt(text.length + 1), inserts[i % inserts.length]));
        for (int i = 0; i < 5; i++) {
            int at = random.nextInt(text.length);
            byte[] m = new byte[text.length - 1];
            System.arraycopy(text, 0, m, 0, at);
            System.arraycopy(text, at + 1, m, at, text.length - at - 1);
            all.add(m);
        }
        all.add(("\uFEFF" + original).getBytes(StandardCharsets.UTF_16LE));
        all.add(("\uFEFF" + original).getBytes(StandardCharsets.UTF_16BE));
        all.add(original.getBytes(StandardCharsets.UTF_16LE));
        all.add(original.getBytes(StandardCharsets.UTF_16BE));
        all.add(("\uFEFF" + original).getBytes(StandardCharsets.UTF_8));
        all.add(Arrays.copyOf(("\uFEFF" + original).getBytes(StandardCharsets.UTF_16LE), original.length() * 2 + 1));
        int eol = original.indexOf('\n');                                   // the second name made the first's
        String[] names = original.substring(0, eol).split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        names[1] = names[0];
        all.add((String.join(String.valueOf(delimiter), names) + original.substring(eol)).getBytes(StandardCharsets.UTF_8));
        for (int n : new int[] {1, 64}) {
            byte[] m = Arrays.copyOf(text, text.length + n);
            for (int i = text.length; i < m.length; i++) m[i] = (byte) random.nextInt(256);
            all.add(m);
        }
        return all;
    }

    private static byte[] inserted(byte[] text, int at, byte[] what) {
        byte[] m = new byte[text.length + what.length];
        System.arraycopy(text, 0, m, 0, at);
        System.arraycopy(what, 0, m, at, what.length);
        System.arraycopy(text, at, m, at + what.length, text.length - at);
        return m;
    }

    /**
     * What {@code bytes} mean: UTF-8, or UTF-16 after its byte order mark, decoded strictly; records as RFC 4180
     * defines them (a field either wholly quoted, with {@code ""} for a quote, or unquoted, where a quote is an
     * ordinary character); lines end in LF, CRLF or CR; empty lines and lines of one unquoted blank field are
     * skipped; the first record names the columns (stripped, none empty, none twice); every other record has
     * as many fields, each a number or empty, NA, NaN or N/A for missing.
     */
    private static Meaning reference(byte[] bytes, char delimiter) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        int b0 = bytes.length > 0 ? bytes[0] & 0xFF : -1;
        int b1 = bytes.length > 1 ? bytes[1] & 0xFF : -1;
        if (bytes.length >= 3 && b0 == 0xEF && b1 == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            skip = 3;
        } else if (b0 == 0xFE && b1 == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            return new Invalid("not " + charset);
        }
        List<List<String>> records = new ArrayList<>();
        List<Boolean> quotedRecords = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char first = text.charAt(i);
            if (first == '\n' || first == '\r') {                          // an empty line
                i += first == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                continue;
            }
            List<String> record = new ArrayList<>();
            boolean quoted = false;
            while (true) {
                String value;
                if (i < n && text.charAt(i) == '"') {
                    StringBuilder field = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= n) return new Invalid("an unclosed quote");
                        char c = text.charAt(i++);
                        if (c != '"') {
                            field.append(c);
                        } else if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    }
                    if (i < n && !ends(text.charAt(i), delimiter)) {
                        return blank(text.charAt(i)) ? new Open("blanks after a closing quote") : new Invalid("text after a closing quote");
                    }
                    value = field.toString();
                    quoted = true;
                } else {
                    int start = i;
                    while (i < n && !ends(text.charAt(i), delimiter)) i++;
                    value = text.substring(start, i);
                    int quote = value.indexOf('"');
                    if (quote > 0 && value.substring(0, quote).chars().allMatch(CsvFuzzTest::blank)) return new Open("blanks before a quote");
                }
                record.add(value);
                if (i < n && text.charAt(i) == delimiter) {
                    i++;
                    continue;
                }
                if (i < n) i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                break;
            }
            records.add(record);
            quotedRecords.add(quoted);
        }
        List<String> header = null;
        List<Float> values = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.stream().anyMatch(f -> f.indexOf('\0') >= 0)) return new Invalid("a NUL");
            if (record.stream().mapToLong(f -> f.length() + 1).sum() - 1 > CsvReader.MAX_LINE_LENGTH) return new Invalid("a long line");
            if (record.size() > CsvReader.MAX_FIELDS) return new Invalid("too many fields");
            if (record.size() == 1 && !quotedRecords.get(r) && record.getFirst().isBlank()) continue;
            if (header == null) {
                header = record.stream().map(String::strip).toList();
                if (header.contains("")) return new Invalid("an unnamed column");
                if (new HashSet<>(header).size() != header.size()) return new Invalid("a duplicate name");
                continue;
            }
            if (record.size() != header.size()) return new Invalid("a wrong field count");
            for (String field : record) {
                String f = field.strip();
                if (MISSING.contains(f.toLowerCase(Locale.ROOT))) {
                    values.add(Float.NaN);
                    continue;
                }
                char last = f.charAt(f.length() - 1);
                if ("fFdD".indexOf(last) >= 0 && !f.endsWith("Infinity")) return new Invalid("a number with a Java suffix");
                try {
                    values.add((float) Double.parseDouble(f));
                } catch (NumberFormatException e) {
                    return new Invalid("not a number");
                }
            }
        }
        if (header == null) return new Invalid("no header");
        float[] v = new float[values.size()];
        for (int k = 0; k < v.length; k++) v[k] = values.get(k);
        return new Table(header, v);
    }

    private static boolean ends(char c, char delimiter) { return c == delimiter || c == '\n' || c == '\r'; }

    private static boolean blank(int c) { return c <= ' ' || Character.isWhitespace(c); }
}
