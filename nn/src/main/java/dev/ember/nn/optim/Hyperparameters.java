package dev.ember.nn.optim;

/** Hyperparameter checks the optimizers share; messages name the optimizer and the value. */
final class Hyperparameters {
    private Hyperparameters() {}

    static double nonNegative(String who, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(who + ": " + name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    static double positive(String who, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(who + ": " + name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    /** In [0, 1): a decay rate such as a beta or RMSprop's alpha. */
    static double decayRate(String who, String name, double value) {
        if (!(value >= 0 && value < 1)) throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1), got " + value);
        return value;
    }
}
