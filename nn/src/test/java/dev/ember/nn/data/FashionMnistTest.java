package dev.ember.nn.data;

import dev.ember.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FashionMnistTest {
    @Test
    void theShippedSampleLoadsBalancedAndScaled() {
        FashionMnist data = FashionMnist.loadSample();
        assertTrue(data.isSample());
        assertTrue(data.source().startsWith("classpath:"), data.source());
        assertArrayEquals(new int[] {4000, 1, 28, 28}, data.train().inputs().shape());
        assertArrayEquals(new int[] {1000, 1, 28, 28}, data.test().inputs().shape());
        assertEquals(DType.FLOAT32, data.train().inputs().dtype());
        assertEquals(DType.INT64, data.train().targets().dtype());
        assertEquals(0.0, data.train().inputs().min().item());
        assertEquals(1.0, data.train().inputs().max().item());

        int[] counts = new int[10];
        for (long y : data.train().targets().toLongArray()) counts[(int) y]++;
        for (int c = 0; c < 10; c++) assertEquals(400, counts[c], FashionMnist.CLASS_NAMES.get(c));
        // the first training image of the original set is an ankle boot (label 9)
        assertEquals(9, data.train().targets().toLongArray()[0]);
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
    }

    @Test
    void loadPicksTheDebianPackageWhenInstalledAndReadsAFolderOfTheFourFiles(@TempDir Path dir) throws IOException {
        boolean installed = Files.isRegularFile(Path.of(FashionMnist.DEBIAN_DIR, "train-images-idx3-ubyte.gz"));
        assertEquals(installed, FashionMnist.installed());
        if (!installed) assertTrue(FashionMnist.load().isSample());    // reading the full set would take seconds

        for (String f : new String[] {"train-images-idx3", "train-labels-idx1", "t10k-images-idx3", "t10k-labels-idx1"}) {
            try (InputStream in = FashionMnist.class.getResourceAsStream(FashionMnist.SAMPLE_RESOURCE + f + "-ubyte.gz")) {
                Files.copy(in, dir.resolve(f + "-ubyte.gz"));
            }
        }
        FashionMnist fromDir = FashionMnist.load(dir);
        assertFalse(fromDir.isSample());
        assertEquals(dir.toString(), fromDir.source());
        assertArrayEquals(new int[] {1000, 1, 28, 28}, fromDir.test().inputs().shape());

        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 4});
        var e = assertThrows(java.io.UncheckedIOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: expected 1000 ubyte labels"), e.getMessage());
    }

    @Test
    void aMissingFolderIsAClearError() {
        var e = assertThrows(java.io.UncheckedIOException.class, () -> FashionMnist.load(java.nio.file.Path.of("/nonexistent/fm")));
        assertTrue(e.getMessage().contains("/nonexistent/fm"), e.getMessage());
    }
}
