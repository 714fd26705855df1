package dev.ember.nn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HistoryTest {
    @TempDir
    Path dir;

    static History sample(boolean withAccuracy) {
        History h = new History();
        double[] loss = {1.2, 0.8, 0.6, 0.5};
        for (int e = 0; e < loss.length; e++) {
            h.add("loss", loss[e]);
            h.add("val_loss", loss[e] + 0.1);
            if (withAccuracy) {
                h.add("accuracy", 0.5 + 0.1 * e);
                h.add("val_accuracy", 0.45 + 0.1 * e);
            }
        }
        return h;
    }

    @Test
    void plotWritesAPngWithALossAndAnAccuracyPanel() throws IOException {
        Path png = dir.resolve("curves.png");
        sample(true).plot(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the file decodes as an image");
        assertEquals(2 * HistoryPlot.PANEL_WIDTH, image.getWidth());
        assertEquals(HistoryPlot.PANEL_HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 4, "something was drawn");

        sample(false).plot(png); // replaces the file atomically
        assertEquals(HistoryPlot.PANEL_WIDTH, ImageIO.read(png.toFile()).getWidth());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void plottingNothingIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new History().plot(dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("has no 'loss'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void valuesAreKeptPerMetricAndRoundTripThroughAMap() {
        History h = sample(true);
        assertEquals(4, h.epochs());
        assertEquals(List.of("loss", "val_loss", "accuracy", "val_accuracy"), h.metrics());
        assertEquals(0.5, h.last("loss"));
        assertEquals(h.asMap(), History.of(h.asMap()).asMap());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("f1"));
        assertEquals("no metric 'f1' in the history; it has [loss, val_loss, accuracy, val_accuracy]", e.getMessage());
        assertTrue(h.toString().startsWith("epoch 1  loss 1.200  val_loss 1.300  accuracy 0.5000"), h.toString());
        assertEquals(Map.of("loss", List.of(1.0)), History.of(Map.of("loss", List.of(1.0))).asMap());
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        return colours.size();
    }
}
