package dev.ember.nn.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvReaderTest {
    private static CsvTable parse(String text) throws IOException {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", ',');
    }

    private static String failure(String text) {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse(text));
        assertEquals("t.csv", e.file());
        assertEquals("t.csv: " + e.problem(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsNumbersWithMissingValuesAsNaNAndSplitsOffTheTarget() throws IOException {
        CsvTable t = parse("""
                age, income ,"label"
                31,1e3,1
                ,NA,0

                "2.5",nan,1
                -4,N/A,"0"
                """);
        assertEquals(List.of("age", "income", "label"), t.columns());
        assertEquals(4, t.rows());
        float nan = Float.NaN;
        assertArrayEquals(new float[] {31, 1000, 1, nan, nan, 0, 2.5f, nan, 1, -4, nan, 0}, t.values().toFloatArray());
        assertArrayEquals(new int[] {4, 2}, t.features("label").shape());
        assertArrayEquals(new float[] {31, 1000, nan, nan, 2.5f, nan, -4, nan}, t.features("label").toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1, 0}, t.target("label").toFloatArray());
        assertEquals(List.of("age", "label"), t.featureNames("income"));
        assertEquals(4, t.dataset("label").size());
    }

    @Test
    void badFieldsNameTheLineAndColumn() {
        assertEquals("t.csv: line 3, column 2 (\"b\"): \"x7\" is not a number (empty, NA and NaN mean missing)",
                failure("a,b\n1,2\n3,x7\n"));
        assertEquals("t.csv: line 4: 3 fields, but the header has 2", failure("a,b\n1,2\n\n3,4,5\n"));
        assertTrue(failure("a,b\n1,2f\n").contains("line 2, column 2"));
        assertTrue(failure("a,b\n1,\"2\n").contains("line 2: a quoted field is not closed"));
        assertTrue(failure("").contains("empty file"));
        assertTrue(failure("a,a\n1,2\n").contains("\"a\" appears twice"));
    }

    private static CsvTable parse(byte[] bytes) throws IOException {
        return CsvReader.read(new ByteArrayInputStream(bytes), "t.csv", ',');
    }

    @Test
    void quotedFieldsFollowRfc4180() throws IOException {
        CsvTable t = parse("\"a\nb\",\"x,y\",\"say \"\"hi\"\"\"\r\n1,\"2\",3\r\n");
        assertEquals(List.of("a\nb", "x,y", "say \"hi\""), t.columns());
        assertArrayEquals(new float[] {1, 2, 3}, t.values().toFloatArray());
        assertTrue(failure("a,b\n\"1\"2,3\n").contains("line 2"), failure("a,b\n\"1\"2,3\n"));
    }

    @Test
    void utf16WithAByteOrderMarkIsReadAndWithoutOneRefused() throws IOException {
        for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            CsvTable t = parse(("\uFEFFa,b\n1,2\n").getBytes(charset));
            assertEquals(List.of("a", "b"), t.columns(), charset.name());
            assertArrayEquals(new float[] {1, 2}, t.values().toFloatArray());
        }
        String noBom = assertThrows(CsvFormatException.class, () -> parse("a,b\n".getBytes(StandardCharsets.UTF_16LE))).getMessage();
        assertTrue(noBom.startsWith("t.csv: line 1: ") && noBom.contains("NUL") && noBom.contains("UTF-16"), noBom);
        byte[] latin1 = "temp\u00E9rature,b\n1,2\n".getBytes(StandardCharsets.ISO_8859_1);
        String notUtf8 = assertThrows(CsvFormatException.class, () -> parse(latin1)).getMessage();
        assertTrue(notUtf8.startsWith("t.csv: ") && notUtf8.contains("not UTF-8"), notUtf8);
    }

    @Test
    void aLineOverTheLengthLimitIsRefusedNamingTheLimit() {
        String half = " ".repeat(1 << 23);
        assertEquals("t.csv: line 3: longer than the limit of 16777216 characters", failure("a,b\n1,2\n1" + half + "," + half + "2\n"));
        assertEquals("t.csv: line 2: a field longer than the limit of 16777216 characters (an unclosed quote?)",
                failure("a,b\n1,\"" + "7".repeat((1 << 24) + 10) + "\"\n"));
    }

    @Test
    void aHeaderOverTheFieldLimitIsRefusedNamingTheLimit() {
        assertEquals("t.csv: line 1: more than the limit of 1048576 fields", failure("a,".repeat(1 << 20) + "a\n"));
    }

    @Test
    void messagesQuoteAtMostTheStartOfAHugeField() {
        String message = failure("a,b\n1," + "x".repeat(100_000) + "\n");
        assertEquals("t.csv: line 2, column 2 (\"b\"): \"" + "x".repeat(40) + "...\" (100000 characters) is not a number"
                + " (empty, NA and NaN mean missing)", message);
    }

    @Test
    void anUnknownTargetListsTheColumns() throws IOException {
        CsvTable t = parse("a,b\n1,2\n");
        assertEquals("CsvTable: no column \"c\"; the columns are [a, b]",
                assertThrows(IllegalArgumentException.class, () -> t.target("c")).getMessage());
        CsvTable wide = parse(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "c" + i).collect(java.util.stream.Collectors.joining(",")));
        String message = assertThrows(IllegalArgumentException.class, () -> wide.target("x")).getMessage();
        assertTrue(message.contains("[c0, c1, ") && message.contains("c19, ... (1000 in all)]") && message.length() < 400, message);
    }
}
