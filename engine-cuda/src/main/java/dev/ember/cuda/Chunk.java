package dev.ember.cuda;

/**
 * A contiguous piece of one segment, free or in use. The pieces of a segment tile it without gaps and form a
 * doubly linked list in address order; two neighbours are never both free (freeing merges them). A segment's
 * first piece keeps its identity for the segment's whole life: merging always folds the higher piece into the
 * lower one, and splitting keeps the lower part.
 */
final class Chunk {
    final Segment segment;
    long address;
    long size;
    Chunk prev;
    Chunk next;
    /** The caller's handle while the piece is in use; null while it is free. */
    DeviceBlock owner;

    Chunk(Segment segment, long address, long size) {
        this.segment = segment;
        this.address = address;
        this.size = size;
    }

    boolean isFree() { return owner == null; }

    /** The piece is the whole segment, so the segment can go back to the device if it is free. */
    boolean isWholeSegment() { return prev == null && next == null; }

    long stream() { return segment.stream(); }
}
