package dev.ember.cpu;

/**
 * Splits work over Ember's own pool of worker threads when there is enough of it; small work stays on the
 * calling thread, where the cost of handing it off would exceed the work. {@code -Dember.threads=N} caps the
 * threads a kernel uses (the caller included), like {@code torch.set_num_threads}; by default it is every core.
 *
 * <p>The workers are Ember's own ({@link WorkerTeam}) rather than a {@code ForkJoinPool}: the kernels keep scratch
 * buffers in thread-locals, which the common pool's workers drop from time to time, and a worker that has just
 * finished watches briefly for the next op instead of parking, since waking a parked thread for each of a training
 * step's dozens of split ops cost more than the split gained.
 */
final class Parallel {
    private Parallel() {}

    /** Below this many element-operations a kernel runs on the calling thread. */
    static final long MIN_PARALLEL_WORK = 1 << 16;

    interface Range {
        void run(int start, int end);
    }

    private static final int THREADS = configuredThreads();

    /** {@code THREADS - 1} workers: the calling thread is the last one. */
    private static final WorkerTeam TEAM = THREADS > 1 ? new WorkerTeam(THREADS - 1) : null;
    static int threads() { return THREADS; }

    private static int configuredThreads() {
        int available = Runtime.getRuntime().availableProcessors();
        String setting = System.getProperty("ember.threads");
        if (setting == null) return available;
        try {
            int n = Integer.parseInt(setting.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("-Dember.threads must be a whole number of at least 1, got '" + setting + "'");
    }

    /**
     * Runs {@code body} over {@code [0, units)} in contiguous pieces; {@code work} estimates the total cost. The
     * caller and the workers take pieces from one counter until none is left, so a slow thread takes fewer.
     */
    static void forRange(int units, long work, Range body) {
        int threads = threads();
        if (units <= 1 || threads <= 1 || work < MIN_PARALLEL_WORK) {
            body.run(0, units);
            return;
        }
        TEAM.run(units, Math.min(units, threads * 4), body);
    }
}
