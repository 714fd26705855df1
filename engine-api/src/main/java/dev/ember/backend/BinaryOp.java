package dev.ember.backend;

/**
 * Elementwise functions of two inputs, the kernel parameter of {@link Backend#binary}. Both inputs arrive in
 * the same dtype (the engine casts them first); comparisons and logical ops write bool. {@code REMAINDER} takes the
 * divisor's sign (Python's {@code %}), {@code FMOD} the dividend's (C's), {@code FLOOR_DIVIDE} rounds the quotient
 * down; on integers all three are exact, and an integer divisor of 0 gives 0 (the engine refuses it before).
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    REMAINDER, FMOD, FLOOR_DIVIDE,
    ATAN2, HYPOT,
    EQ, NE, LT, LE, GT, GE,
    LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    public boolean isComparison() { return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal(); }

    public boolean isLogical() { return ordinal() >= LOGICAL_AND.ordinal(); }

    /** Ops defined on real numbers only: the engine computes integer inputs as float, and no backend has integer kernels. */
    public boolean needsFloat() { return this == DIV || this == POW || this == ATAN2 || this == HYPOT; }

    /** True when the result is bool whatever the inputs. */
    public boolean returnsBool() { return isComparison() || isLogical(); }
}
