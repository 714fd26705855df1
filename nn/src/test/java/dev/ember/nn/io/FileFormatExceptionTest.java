package dev.ember.nn.io;

import dev.ember.nn.data.IdxFormatException;
import dev.ember.nn.data.IdxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One type catches every damaged file Ember reads: safetensors, checkpoints, IDX. */
class FileFormatExceptionTest {

    @Test
    void aDamagedFileOfEachKind(@TempDir Path dir) throws IOException {
        Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        FileFormatException safetensors = assertThrows(FileFormatException.class, () -> Safetensors.read(junk));
        assertInstanceOf(SafetensorsException.class, safetensors);
        assertTrue(safetensors.getMessage().contains("junk.bin"), safetensors.getMessage());
        FileFormatException idx = assertThrows(FileFormatException.class, () -> IdxReader.read(junk));
        assertInstanceOf(IdxFormatException.class, idx);
        assertInstanceOf(IOException.class, idx);
    }
}
