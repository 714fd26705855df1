package dev.ember.nn.data;

/**
 * Examples addressed by index. A dataset builds a whole mini-batch at once from a list of indices (one gather
 * per tensor, not one tensor per example), which is what keeps loading cheap.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** The examples at {@code indices}, stacked along a new first dim. */
    Batch batch(int[] indices);
}
