package dev.ember.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits work over Ember's own pool of worker threads when there is enough of it; small work stays on the
 * calling thread, where the cost of handing it off would exceed the work. {@code -Dember.threads=N} caps the
 * threads a kernel uses (the caller included), like {@code torch.set_num_threads}; by default it is every core.
 *
 * <p>The pool is Ember's own rather than the common one because the common pool's workers drop their
 * thread-locals from time to time, and the kernels keep their scratch buffers there.
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
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("ember-cpu-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, false) : null;

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
        int pieces = Math.min(units, threads * 4);
        AtomicInteger next = new AtomicInteger();
        Runnable takePieces = () -> {
            for (int p; (p = next.getAndIncrement()) < pieces; ) {
                int start = (int) ((long) units * p / pieces);
                int end = (int) ((long) units * (p + 1) / pieces);
                if (start < end) body.run(start, end);
            }
        };
        int helpers = Math.min(threads, pieces) - 1;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) tasks[i] = POOL.submit(takePieces);
        takePieces.run();
        for (ForkJoinTask<?> task : tasks) task.join();
    }
}
