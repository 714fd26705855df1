package dev.ember;

/** Anomaly mode's checks: the first op whose output has a NaN its inputs did not have is named. */
final class Anomaly {
    private Anomaly() {}

    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        if (!hasNaN(out)) return;
        for (Tensor in : inputs) if (in != null && hasNaN(in)) return;   // carried over, not produced here
        throw new ArithmeticException("anomaly: '" + op + "' produced NaN (output of shape " + Shape.str(out.shape())
                + ") from inputs without NaN");
    }

    static void checkBackward(String op, Tensor grad, Tensor[] grads) {
        if (hasNaN(grad)) return;
        for (Tensor g : grads) {
            if (g != null && hasNaN(g)) {
                throw new ArithmeticException("anomaly: the backward of '" + op + "' produced NaN from a gradient "
                        + "without NaN");
            }
        }
    }

    static boolean hasNaN(Tensor t) {
        if (!t.dtype().isFloating()) return false;
        try (var ignored = Autograd.noGrad()) {
            for (double v : t.toDoubleArray()) if (Double.isNaN(v)) return true;
        }
        return false;
    }
}
