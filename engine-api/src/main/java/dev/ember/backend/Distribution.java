package dev.ember.backend;

/**
 * Random distributions a backend fills storage with. Numbers come from a counter-based generator: element
 * {@code i} of a fill with {@code (seed, counter)} is a pure function of {@code (seed, counter + i)}, so every
 * backend produces the same stream (see {@link CounterRandom}).
 */
public enum Distribution {
    /** Uniform on [0, 1). */
    UNIFORM,
    /** Standard normal. */
    NORMAL
}
