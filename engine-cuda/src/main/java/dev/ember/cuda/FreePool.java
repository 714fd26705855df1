package dev.ember.cuda;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The free pieces of one size class (small or large), ordered by (stream, size, address): the best fit for a
 * request on a stream is one ceiling lookup. A piece's size and address are part of its key, so it must be
 * removed before either changes and added back after.
 */
final class FreePool {
    private static final Comparator<Chunk> ORDER = Comparator.comparingLong(Chunk::stream)
            .thenComparingLong(c -> c.size)
            .thenComparing(c -> c.address, Long::compareUnsigned);

    private final TreeSet<Chunk> chunks = new TreeSet<>(ORDER);

    /** The smallest free piece of {@code stream} of at least {@code size} bytes, lowest address on a tie, or null. */
    Chunk bestFit(long stream, long size) {
        Chunk probe = new Chunk(new Segment(0, 0, stream, false), 0, size);   // address 0 sorts first (unsigned)
        Chunk found = chunks.ceiling(probe);
        return found != null && found.stream() == stream ? found : null;
    }

    void add(Chunk chunk) {
        if (!chunks.add(chunk)) throw new IllegalStateException("free piece " + describe(chunk) + " already pooled");
    }

    void remove(Chunk chunk) {
        if (!chunks.remove(chunk)) throw new IllegalStateException("free piece " + describe(chunk) + " not pooled");
    }

    boolean contains(Chunk chunk) { return chunks.contains(chunk); }

    int size() { return chunks.size(); }

    /** The free pieces that are whole segments, in pool order: the ones the device can have back. */
    List<Chunk> wholeSegments() {
        List<Chunk> whole = new ArrayList<>();
        for (Chunk c : chunks) if (c.isWholeSegment()) whole.add(c);
        return whole;
    }

    static String describe(Chunk c) {
        return "0x" + Long.toHexString(c.address) + " (" + c.size + " bytes, stream " + c.stream() + ")";
    }
}
