package dev.ember.nn.functional;

/** How {@link F#embeddingBag} reduces each bag, PyTorch's {@code mode='sum' | 'mean' | 'max'}. */
public enum EmbeddingBagMode {
    SUM,
    MEAN,
    MAX
}
