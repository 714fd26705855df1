package dev.ember.examples.gradcheck;

import dev.ember.CustomFunction;
import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * Swish {@code x sigmoid(x)} written as a user's own function ({@link CustomFunction}, PyTorch's
 * {@code torch.autograd.Function}): the forward computes the value and saves what the backward needs, and the
 * backward multiplies the output's gradient by a hand-written derivative, which autodiff then uses, right or wrong.
 */
final class CustomSwish extends Module {
    private final Swish swish;

    /** {@code correctDerivative} false: the product rule is forgotten, {@code d/dx = sigmoid(x)} (a bug to catch). */
    CustomSwish(boolean correctDerivative) { this.swish = new Swish(correctDerivative); }

    @Override
    public Tensor forward(Tensor x) { return swish.apply(x); }

    @Override
    protected String describe() { return swish.correctDerivative ? "CustomSwish" : "CustomSwish(broken derivative)"; }

    /** The function itself: value forward, {@code grad * derivative} backward. */
    static final class Swish extends CustomFunction {
        private final boolean correctDerivative;

        Swish(boolean correctDerivative) {
            super("swish");
            this.correctDerivative = correctDerivative;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... inputs) {
            Tensor x = inputs[0];
            Tensor s = x.sigmoid();
            ctx.saveForBackward(x, s);
            return x.mul(s);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0), s = ctx.saved(1);
            Tensor derivative = correctDerivative ? s.mul(x.mul(s.rsub(1)).add(1)) : s;   // s (1 + x (1 - s))
            return new Tensor[] {grad.mul(derivative)};
        }
    }
}
