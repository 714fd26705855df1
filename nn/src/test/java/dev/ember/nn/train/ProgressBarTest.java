package dev.ember.nn.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProgressBarTest {
    /** A clock the test moves: 0.5 s per batch. */
    static final class FakeClock {
        long nanos;
    }

    private static String run(boolean interactive) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, () -> clock.nanos);
        for (int epoch = 1; epoch <= 2; epoch++) {
            bar.startEpoch(epoch, 2, 4);
            for (int b = 1; b <= 4; b++) {
                clock.nanos += 500_000_000L;
                bar.batch(b, 32L * b, 1.0 / b);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", 0.25);
            metrics.put("val_loss", 0.5);
            bar.endEpoch(metrics);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalItRedrawsOneLineWithBarLossThroughputAndEta() {
        String out = run(true);
        // batch 1 of 4 after 0.5 s: 32 examples -> 64 ex/s, 1.5 s left
        assertTrue(out.contains("\rEpoch 1/2  1/4 [======>                 ]  loss 1.0000  64 ex/s  ETA 0:02"), out);
        assertTrue(out.contains("\rEpoch 1/2  4/4 [========================]  loss 0.2500  64 ex/s  ETA 0:00"), out);
        assertTrue(out.contains("\rEpoch 2/2  4/4  64 ex/s  loss 0.2500  val_loss 0.5000  2.0 s"), out);
        assertEquals(2, out.split("\n", -1).length - 1, "one finished line per epoch");
    }

    @Test
    void elsewhereItPrintsOneLinePerEpochAndNoCarriageReturns() {
        String out = run(false);
        assertFalse(out.contains("\r"));
        assertEquals(String.join(System.lineSeparator(),
                "Epoch 1/2  4/4  64 ex/s  loss 0.2500  val_loss 0.5000  2.0 s",
                "Epoch 2/2  4/4  64 ex/s  loss 0.2500  val_loss 0.5000  2.0 s", ""), out);
    }

    @Test
    void offPrintsNothingAndUnknownBatchCountsShowAQuestionMark() {
        ProgressBar.off().startEpoch(1, 1, 3);
        ProgressBar.off().batch(1, 1, 1);
        ProgressBar.off().endEpoch(Map.of());
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), true, () -> 1_000_000_000L);
        bar.startEpoch(1, 3, -1);
        bar.batch(5, 10, 0.5);
        assertEquals("Epoch 1/3  5/?", bar.line(1_000_000_000L, true).substring(0, 14));
        assertFalse(bar.line(2_000_000_000L, true).contains("ETA"));
        assertEquals("1:01:05", ProgressBar.clockTime(3665));
    }
}
