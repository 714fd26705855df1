package dev.ember.cpu;

/**
 * Per-thread scratch buffers, so that kernels allocate nothing per block: a kernel body takes its thread's
 * buffers once per piece of work and reuses them for every block of it. Buffers grow to the largest length asked
 * for and are kept. What must stay true: a body never starts parallel work of its own while it holds buffers, so
 * one thread never runs two bodies that share them.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** Distinct buffers a kernel may hold at once (one per operand). */
    private static final int SLOTS = 4;

    private final double[][] doubles = new double[SLOTS][];
    private final long[][] longs = new long[SLOTS][];

    private Scratch() {}

    static Scratch get() { return PER_THREAD.get(); }

    /** Buffer {@code slot}, at least {@code length} long; its contents are whatever the last user left. */
    double[] doubles(int slot, int length) {
        double[] b = doubles[slot];
        if (b == null || b.length < length) doubles[slot] = b = new double[length];
        return b;
    }

    long[] longs(int slot, int length) {
        long[] b = longs[slot];
        if (b == null || b.length < length) longs[slot] = b = new long[length];
        return b;
    }
}
