package dev.ember.nn.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Training progress on the terminal: epoch k/n, batch i/m, a bar, the running loss, throughput in examples per
 * second and the time left in the epoch. On a terminal it redraws one line with {@code '\r'} (at most ten times
 * a second); elsewhere (a CI log, a pipe) it prints one line per epoch, so logs stay short.
 *
 * <pre>{@code
 * trainer.progress(ProgressBar.auto());   // or ProgressBar.off()
 * }</pre>
 *
 * <p>{@code Epoch 2/10  37/938 [==>                     ]  loss 0.4123  5230 ex/s  ETA 0:11}
 */
public final class ProgressBar {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;

    private int epoch, epochs, batches;
    private long epochStart, lastDraw;
    private int lastLineLength;
    private int batchesDone;
    private long examplesDone;
    private double runningLoss = Double.NaN;

    /** {@code out} null: a bar that prints nothing. */
    ProgressBar(PrintStream out, boolean interactive, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    public ProgressBar(PrintStream out, boolean interactive) { this(out, interactive, System::nanoTime); }

    /** To {@code System.out}, redrawing in place only when the console is a terminal. */
    public static ProgressBar auto() {
        java.io.Console console = System.console();
        return new ProgressBar(System.out, console != null && console.isTerminal());
    }

    /** A bar that prints nothing. */
    public static ProgressBar off() { return new ProgressBar(null, false, System::nanoTime); }

    /** Starts epoch {@code epoch} (from 1) of {@code epochs}; {@code batches} is -1 when not known. */
    public void startEpoch(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.batchesDone = 0;
        this.examplesDone = 0;
        this.runningLoss = Double.NaN;
        this.epochStart = clock.getAsLong();
        this.lastDraw = Long.MIN_VALUE;
    }

    /** Reports that {@code batchesDone} batches ({@code examplesDone} examples) are done, with the mean loss so far. */
    public void batch(int batchesDone, long examplesDone, double runningLoss) {
        this.batchesDone = batchesDone;
        this.examplesDone = examplesDone;
        this.runningLoss = runningLoss;
        if (out == null || !interactive) return;
        long now = clock.getAsLong();
        if (batchesDone != batches && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        draw(line(now, true));
    }

    /** Ends the epoch with its metrics (loss, validation loss, ...): the final line of the epoch. */
    public void endEpoch(Map<String, Double> metrics) {
        if (out == null) return;
        long now = clock.getAsLong();
        StringBuilder s = new StringBuilder(line(now, false));
        metrics.forEach((name, v) -> s.append(String.format(Locale.ROOT, "  %s %.4f", name, v)));
        s.append(String.format(Locale.ROOT, "  %.1f s", (now - epochStart) / 1e9));
        if (interactive) draw(s.toString());
        else out.print(s);
        out.println();
        out.flush();
        lastLineLength = 0;
    }

    private void draw(String line) {
        // pad over what the previous, possibly longer, line left on the terminal
        String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        lastLineLength = line.length();
    }

    /** The progress line; during the epoch it shows the running loss and ETA, at its end the batch count only. */
    String line(long now, boolean running) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d  %d/%s", epoch, epochs, batchesDone,
                batches >= 0 ? Integer.toString(batches) : "?"));
        if (running) {
            s.append(' ').append(bar());
            if (!Double.isNaN(runningLoss)) s.append(String.format(Locale.ROOT, "  loss %.4f", runningLoss));
        }
        double seconds = (now - epochStart) / 1e9;
        if (seconds > 0) s.append(String.format(Locale.ROOT, "  %.0f ex/s", examplesDone / seconds));
        if (running && batches > 0 && batchesDone > 0) {
            double left = seconds / batchesDone * (batches - batchesDone);
            s.append("  ETA ").append(clockTime(left));
        }
        return s.toString();
    }

    private String bar() {
        if (batches <= 0) return "";
        int filled = (int) ((long) BAR_WIDTH * batchesDone / batches);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        return b.append(']').toString();
    }

    static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
