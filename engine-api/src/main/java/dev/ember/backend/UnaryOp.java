package dev.ember.backend;

/**
 * Elementwise functions of one input, the kernel parameter of {@link Backend#unary}. Their dtype and gradient
 * rules live in the engine ({@code dev.ember.Elementwise}); a backend only computes them.
 * {@code LEAKY_RELU} takes its slope and {@code ELU} its alpha as the kernel's {@code param}. {@code ROUND} rounds
 * half to even; {@code FLOOR CEIL ROUND TRUNC} are the identity on integers (the engine refuses bool).
 */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIGN, SIN, COS, TANH, SIGMOID,
    FLOOR, CEIL, ROUND, TRUNC,
    ERF, ERFC,
    RELU, LEAKY_RELU, ELU, STEP, SOFTPLUS, LOGICAL_NOT,
    EXP2, EXPM1, LOG2, LOG10, SINH, COSH, TAN, ASIN, ACOS, ATAN;

    /** Ops whose result is only defined on real numbers: integer inputs are computed as float. */
    public boolean needsFloat() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU, STEP, LOGICAL_NOT -> false;
            case FLOOR, CEIL, ROUND, TRUNC -> false;   // integers are whole already: the identity
            default -> true;
        };
    }
}
