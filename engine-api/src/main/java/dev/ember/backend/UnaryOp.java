package dev.ember.backend;

/**
 * Elementwise functions of one input, the kernel parameter of {@link Backend#unary}. Their dtype and gradient
 * rules live in the engine ({@code dev.ember.Elementwise}); a backend only computes them.
 * {@code LEAKY_RELU} takes its slope and {@code ELU} its alpha as the kernel's {@code param}.
 */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, SQRT, RSQRT, ABS, SIGN, SIN, COS, TANH, SIGMOID,
    ERF, ERFC,
    RELU, LEAKY_RELU, ELU, STEP, SOFTPLUS, LOGICAL_NOT;

    /** Ops whose result is only defined on real numbers: integer inputs are computed as float. */
    public boolean needsFloat() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU, STEP, LOGICAL_NOT -> false;
            default -> true;
        };
    }
}
