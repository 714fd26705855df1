package dev.ember;

/**
 * How {@link Tensor#pad(int[], PaddingMode)} fills the new border, as PyTorch's {@code F.pad} modes. For a row
 * {@code 1 2 3} padded by 2 on the left:
 * <pre>
 * CONSTANT   0 0 | 1 2 3    (a given value; negative padding crops)
 * REFLECT    3 2 | 1 2 3    (mirrored, the edge not repeated)
 * REPLICATE  1 1 | 1 2 3    (the edge repeated)
 * CIRCULAR   2 3 | 1 2 3    (wrapped around)
 * </pre>
 */
public enum PaddingMode {
    CONSTANT, REFLECT, REPLICATE, CIRCULAR
}
