package dev.ember.backend;

/**
 * Reductions over a set of dims, the kernel parameter of {@link Backend#reduce}. {@code ARGMAX}/{@code ARGMIN}
 * write int64 positions along the single reduced dim (the first one on ties).
 */
public enum ReduceOp { SUM, PROD, MAX, MIN, ARGMAX, ARGMIN }
