package dev.ember.examples.gradcheck;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * Swish {@code x sigmoid(x)} written as a user's own function: its value and its derivative are given separately,
 * and autodiff uses the derivative the user wrote, right or wrong. Ember has no custom-function class, so the
 * backward is attached with {@code detach}: {@code x - x.detach()} is 0 with gradient 1, so
 * {@code value.detach() + (x - x.detach()) * derivative.detach()} has the function's value and sends back
 * {@code grad * derivative}.
 */
final class CustomSwish extends Module {
    private final boolean correctDerivative;

    /** {@code correctDerivative} false: the product rule is forgotten, {@code d/dx = sigmoid(x)} (a bug to catch). */
    CustomSwish(boolean correctDerivative) { this.correctDerivative = correctDerivative; }

    @Override
    public Tensor forward(Tensor x) {
        Tensor s = x.sigmoid();
        Tensor value = x.mul(s);
        Tensor derivative = correctDerivative ? s.mul(x.mul(s.rsub(1)).add(1)) : s;   // s (1 + x (1 - s))
        return withDerivative(x, value, derivative);
    }

    /** {@code value} forward, {@code grad * derivative} backward. */
    static Tensor withDerivative(Tensor x, Tensor value, Tensor derivative) {
        return value.detach().add(x.sub(x.detach()).mul(derivative.detach()));
    }

    @Override
    protected String describe() { return correctDerivative ? "CustomSwish" : "CustomSwish(broken derivative)"; }
}
