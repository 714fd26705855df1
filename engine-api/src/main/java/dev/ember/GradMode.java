package dev.ember;

/** Per-thread switches read by every op: is the graph being recorded, is anomaly detection on. */
final class GradMode {
    private static final ThreadLocal<boolean[]> FLAGS = ThreadLocal.withInitial(() -> new boolean[] {true, false});

    private GradMode() {}

    static boolean enabled() { return FLAGS.get()[0]; }

    static boolean anomaly() { return FLAGS.get()[1]; }

    /** Sets a flag and returns a scope that restores the previous value. */
    static Autograd.Scope set(int flag, boolean value) {
        boolean[] f = FLAGS.get();
        boolean previous = f[flag];
        f[flag] = value;
        return () -> f[flag] = previous;
    }

    static final int GRAD = 0;
    static final int ANOMALY = 1;
}
