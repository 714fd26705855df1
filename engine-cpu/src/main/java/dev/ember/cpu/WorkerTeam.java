package dev.ember.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Ember's worker threads, and how one call hands them its pieces of work. A worker that has finished a job keeps
 * watching for the next one for {@link #SPIN_NANOS} before it parks, as OpenMP's threads do: a training step runs
 * dozens of split ops a few tens of microseconds apart, and waking a parked thread (above all on a virtual machine,
 * where an idle virtual CPU is halted) costs about as much as such an op's whole work. The caller takes pieces too
 * and then waits for the last one to finish, spinning before it parks for the same reason.
 *
 * <p>One job at a time: a call that finds the team busy (another thread's job, or a piece of this job that splits
 * its own work) runs its work on its own thread. Kernels' pieces are fixed by position, so the bits do not depend
 * on who runs them.
 */
final class WorkerTeam {
    /** How long an idle thread watches for work before it parks; {@code -Dember.spinMicros} overrides it. */
    static final long SPIN_NANOS = Long.getLong("ember.spinMicros", 100) * 1000;

    /** One call's work: pieces {@code [0, pieces)} of {@code [0, units)}, taken from one counter. */
    private static final class Job {
        Parallel.Range body;
        final int units;
        final int pieces;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        volatile boolean callerParked;
        volatile Throwable failure;

        Job(Parallel.Range body, int units, int pieces, Thread caller) {
            this.body = body;
            this.units = units;
            this.pieces = pieces;
            this.caller = caller;
            this.unfinished = new AtomicInteger(pieces);
        }

        /** Runs pieces until none is left to take. */
        void takePieces() {
            for (int p; (p = next.getAndIncrement()) < pieces; ) {
                try {
                    int start = (int) ((long) units * p / pieces);
                    int end = (int) ((long) units * (p + 1) / pieces);
                    if (start < end) body.run(start, end);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    if (unfinished.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
                }
            }
        }
    }

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job job;

    WorkerTeam(int workerCount) {
        workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker();
            workers[i].setName("ember-cpu-" + (i + 1));
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /**
     * Runs {@code body} over {@code [0, units)} in {@code pieces} contiguous pieces on the caller and the workers,
     * or on the caller alone when the team is busy; returns when every piece has run.
     */
    void run(int units, int pieces, Parallel.Range body) {
        if (!busy.compareAndSet(false, true)) {
            body.run(0, units);
            return;
        }
        try {
            Job current = new Job(body, units, pieces, Thread.currentThread());
            job = current;
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
            current.takePieces();
            awaitPieces(current);
            current.body = null; // a late worker only reads the finished job's counter: let its captures go
            Throwable failure = current.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            busy.set(false);
        }
    }

    private static void awaitPieces(Job current) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (current.unfinished.get() > 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                current.callerParked = true;
                if (current.unfinished.get() > 0) LockSupport.park(current);
            }
        }
    }

    private final class Worker extends Thread {
        volatile boolean parked;

        @Override
        public void run() {
            Job done = null;
            while (true) {
                Job current = awaitJob(done);
                current.takePieces();
                done = current;
            }
        }

        private Job awaitJob(Job done) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job current = job;
                if (current != done) return current;
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job == done) LockSupport.park(this);
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
