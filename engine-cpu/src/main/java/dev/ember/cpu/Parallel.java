package dev.ember.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Splits work over the shared fork-join pool when there is enough of it; small work stays on the calling
 * thread, where the cost of handing it off would exceed the work. {@code -Dember.threads=N} caps the threads a
 * kernel uses (the caller included), like {@code torch.set_num_threads}; by default it is every core.
 */
final class Parallel {
    private Parallel() {}

    /** Below this many element-operations a kernel runs on the calling thread. */
    static final long MIN_PARALLEL_WORK = 1 << 16;

    interface Range {
        void run(int start, int end);
    }

    private static final int THREADS = configuredThreads();

    static int threads() { return THREADS; }

    private static int configuredThreads() {
        int available = ForkJoinPool.getCommonPoolParallelism() + 1;
        String setting = System.getProperty("ember.threads");
        if (setting == null) return available;
        try {
            int n = Integer.parseInt(setting.trim());
            if (n >= 1) return Math.min(n, available);
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("-Dember.threads must be a whole number of at least 1, got '" + setting + "'");
    }

    /** Runs {@code body} over {@code [0, units)} in contiguous pieces; {@code work} estimates the total cost. */
    static void forRange(int units, long work, Range body) {
        int threads = threads();
        if (units <= 1 || threads <= 1 || work < MIN_PARALLEL_WORK) {
            body.run(0, units);
            return;
        }
        int pieces = Math.min(units, threads * 4);
        IntStream.range(0, pieces).parallel().forEach(p -> {
            int start = (int) ((long) units * p / pieces);
            int end = (int) ((long) units * (p + 1) / pieces);
            if (start < end) body.run(start, end);
        });
    }
}
