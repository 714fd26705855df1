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
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
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

    @Test
    void anUnknownTargetListsTheColumns() throws IOException {
        CsvTable t = parse("a,b\n1,2\n");
        assertEquals("CsvTable: no column \"c\"; the columns are [a, b]",
                assertThrows(IllegalArgumentException.class, () -> t.target("c")).getMessage());
    }
}
